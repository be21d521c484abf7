package kr.seoul.sane.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file paths a Markdown text names: inline code spans and link targets that look like a path of the checkout.
 * A path has a '/' and either ends in '/' (a directory), ends in a known file extension ({@code docs/conventions.md})
 * or names a Java class by its package path ({@code intake/RateLimitFilter}); a '*' in the file name makes it a
 * pattern of at least one file ({@code resources/seed/*.json}). Not paths: URLs, request paths ({@code /api/...}),
 * other globs ({@code /ops/**}, {@code catalog.*}), placeholders ({@code {id}}, {@code <module>}, {@code ...}, {@code $PLATFORM_HOME}),
 * commands (anything with a space), media types ({@code application/json}), {@code Class.method} references, and what
 * is named on purpose though it is no file of the checkout: build and run output ({@code target/}, {@code .platform/})
 * and the places listed in {@link #OUTSIDE_THE_CHECKOUT}.
 */
final class DocumentedPaths {

    /** Named in the docs but not part of the repository. */
    static final List<String> OUTSIDE_THE_CHECKOUT = List.of(
            "shared/", // the shared data directory next to the checkout (departments, routing development set)
            "word/");  // entries inside a DOCX archive (the attachment checks)

    private static final Set<String> EXTENSIONS = Set.of("java", "md", "yml", "yaml", "json", "jsonl", "properties",
            "html", "css", "js", "txt", "xml", "sh", "cmd", "csv", "sql", "conf", "svg", "png", "pdf", "docx", "hwp",
            "jar", "toml", "imports");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK_TARGET = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern NOT_IN_A_PATH = Pattern.compile("[\\s{}<>?$=:@,;()\\[\\]|\\\\\"']|\\.\\.\\.|…");
    private static final Pattern CLASS_PATH = Pattern.compile("([a-z][a-z0-9_-]*/)+[A-Z][A-Za-z0-9]*");
    private static final Pattern FILE_NAME = Pattern.compile("[^/]*\\.([A-Za-z0-9]+)");

    private DocumentedPaths() {
    }

    /** The paths {@code markdown} names, in order of appearance (code spans first, then links). */
    static List<String> named(String markdown) {
        List<String> paths = new ArrayList<>();
        for (Pattern p : List.of(CODE_SPAN, LINK_TARGET)) {
            Matcher m = p.matcher(markdown);
            while (m.find()) {
                String text = m.group(1);
                int anchor = text.indexOf('#');
                String path = anchor < 0 ? text : text.substring(0, anchor);
                if (isFilePath(path)) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    /** Whether {@code text} is a path of a file or directory of the checkout (see the class comment). */
    static boolean isFilePath(String text) {
        int slash = text.lastIndexOf('/');
        if (text.indexOf('*') >= 0) {
            return text.indexOf('*') > slash && !text.contains("**") && isFilePath(text.replace('*', 'x'));
        }
        if (text.isEmpty() || slash < 0 || text.startsWith("/") || text.startsWith("~")
                || NOT_IN_A_PATH.matcher(text).find() || isOutput(text)
                || OUTSIDE_THE_CHECKOUT.stream().anyMatch(text::startsWith)) {
            return false;
        }
        String first = text.substring(0, text.indexOf('/'));
        if (first.contains(".") && !first.startsWith(".")) {
            return false; // a host name (example.org/x.html)
        }
        if (text.endsWith("/") || CLASS_PATH.matcher(text).matches()) {
            return true;
        }
        Matcher name = FILE_NAME.matcher(text.substring(slash + 1));
        return name.matches() && EXTENSIONS.contains(name.group(1));
    }

    /** Build and run output: a {@code target/} directory or the launcher's {@code .platform/} home. */
    private static boolean isOutput(String path) {
        return path.startsWith(".platform/") || path.startsWith("target/") || path.contains("/target/");
    }

    /** Whether {@code path} (one {@link #named} returned) names a file or folder under {@code root}. */
    static boolean existsIn(Path root, String path) {
        if (CLASS_PATH.matcher(path).matches()) {
            return Files.isRegularFile(root.resolve(path + ".java"));
        }
        int slash = path.lastIndexOf('/');
        if (path.indexOf('*') < 0 || path.endsWith("/")) {
            return Files.exists(root.resolve(path));
        }
        Path folder = root.resolve(path.substring(0, slash));
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(folder, path.substring(slash + 1))) {
            return matches.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
