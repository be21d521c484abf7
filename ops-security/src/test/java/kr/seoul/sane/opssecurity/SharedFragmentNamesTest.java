package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fragment selector such as {@code ~{ops-shared/nav :: head(…)}} also matches every element of that name in the
 * file: a fragment named like an element that occurs more than once in its file is inserted several times (a page
 * got two {@code <head>}s that way). No shared fragment may be named like an element that occurs more than once in
 * its file.
 */
class SharedFragmentNamesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates/ops-shared");
    private static final Pattern FRAGMENT = Pattern.compile("th:fragment=\"([A-Za-z][A-Za-z0-9]*)");
    private static final Pattern ELEMENT = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)[\\s>/]");

    @Test
    void noSharedFragmentIsNamedLikeARepeatedElementOfItsFile() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(TEMPLATES)) {
            files = listed.filter(p -> p.toString().endsWith(".html")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String html = Files.readString(file, StandardCharsets.UTF_8);
            Set<String> fragments = new HashSet<>();
            Matcher f = FRAGMENT.matcher(html);
            while (f.find()) {
                fragments.add(f.group(1));
            }
            Map<String, Integer> elements = new HashMap<>();
            Matcher e = ELEMENT.matcher(html);
            while (e.find()) {
                elements.merge(e.group(1), 1, Integer::sum);
            }
            assertThat(fragments).as("fragments of %s", file.getFileName()).isNotEmpty()
                    .allSatisfy(name -> assertThat(elements.getOrDefault(name, 0))
                            .as("<%s> elements in %s, which has a fragment of that name", name, file.getFileName())
                            .isLessThanOrEqualTo(1));
        }
    }
}
