package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every path a doc names exists: README.md, each module's README.md and docs/*.md, read from the checkout. A path
 * is looked up next to the doc, from the checkout, in every module's resources (class-path names such as
 * {@code calendar/holidays-kr.txt}) and, for a module's README, in the module's source folders and base packages
 * ({@code search/CatalogIndex.java}, {@code resources/seed/}).
 */
class DocumentedPathsTest {

    private static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private static final Path PLATFORM_PACKAGE = Path.of("kr", "seoul", "sane");

    @Test
    void everyPathADocNamesExists() throws IOException {
        assertThat(DocumentedPaths.named(Files.readString(ROOT.resolve("README.md")))).as("paths named by README.md")
                .isNotEmpty();
        assertThat(missing(ROOT)).as("paths the docs name that do not exist").isEmpty();
    }

    @Test
    void aPathThatIsGoneIsFound(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("docs"));
        Files.createDirectories(checkout.resolve("svc/src/main/java/kr/seoul/sane/svc/web"));
        Files.writeString(checkout.resolve("svc/pom.xml"), "<project/>");
        Files.writeString(checkout.resolve("svc/src/main/java/kr/seoul/sane/svc/web/Pages.java"), "class Pages {}");
        Files.writeString(checkout.resolve("svc/README.md"),
                "`web/Pages.java`, `web/Gone.java`, `web/Pages`, `web/P*.java`, `web/G*.java`");
        Files.writeString(checkout.resolve("docs/guide.md"), "[rules](../docs/rules.md) and `svc/README.md`");

        assertThat(missing(checkout)).containsExactly("svc/README.md: web/Gone.java", "svc/README.md: web/G*.java",
                "docs/guide.md: ../docs/rules.md");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/conventions.md", "../docs/operations.md", "contracts/src/main/resources/contracts/",
            "search/CatalogIndex.java", "intake/RateLimitFilter", ".github/workflows/ci.yml", "infra/k8s/kafka.yaml",
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
            "resources/seed/*.json", "templates/ops/institution*.html"})
    void namesOfFilesAreFilePaths(String text) {
        assertThat(DocumentedPaths.isFilePath(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org/a.md", "/api/proposals", "/ops/catalog/drafts/{id}",
            "/assets/site.css", "/api/ops/**", "catalog.*", "src/**/Pages.java", "*/README.md", "sane:*",
            "src/test/java/.../CatalogServiceIntegrationTest.java", "error.<topic>.<group>", "<module>/README.md",
            "$PLATFORM_HOME/kafka/data/meta.properties", "application/json", "multipart/form-data",
            "actions/ProposalStore.apply", "./mvnw -pl infra verify", "proposal-service/target/browser-screenshots/",
            "target/openapi/catalog.json", ".platform/logs/x.log", "shared/data/routing-dev.jsonl", "word/document.xml",
            "seoul.go.kr/index.html", "proposal/intake", "ops/DeadLetterTopic.CONSUMED_TOPICS", "README.md", "~/.m2/"})
    void urlsRequestPathsGlobsPlaceholdersAndOutputAreNot(String text) {
        assertThat(DocumentedPaths.isFilePath(text)).as(text).isFalse();
    }

    @Test
    void codeSpansAndLinkTargetsAreRead() {
        assertThat(DocumentedPaths.named("""
                See `docs/conventions.md#events`, [the runbook](docs/operations.md#alerts "runbook") and
                [infra](infra/README.md); `GET /api/cases` and [site](https://example.org/x.md) are no files.
                """)).containsExactly("docs/conventions.md", "infra/README.md");
    }

    /** Each path a doc of {@code checkout} names that is in none of its places, as "doc: path". */
    static List<String> missing(Path checkout) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path doc : docs(checkout)) {
            List<Path> roots = roots(checkout, doc);
            for (String path : DocumentedPaths.named(Files.readString(doc))) {
                if (roots.stream().noneMatch(r -> DocumentedPaths.existsIn(r, path))) {
                    missing.add(checkout.relativize(doc) + ": " + path);
                }
            }
        }
        return missing;
    }

    /** README.md, the README.md of each module (a folder with a pom.xml) and docs/*.md. */
    static List<Path> docs(Path checkout) throws IOException {
        List<Path> docs = new ArrayList<>();
        Stream.of(checkout.resolve("README.md")).filter(Files::isRegularFile).forEach(docs::add);
        for (Path module : modules(checkout)) {
            Stream.of(module.resolve("README.md")).filter(Files::isRegularFile).forEach(docs::add);
        }
        Path folder = checkout.resolve("docs");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        return docs;
    }

    /** Where a path named by {@code doc} may be (see the class comment). */
    static List<Path> roots(Path checkout, Path doc) throws IOException {
        List<Path> roots = new ArrayList<>(List.of(doc.getParent(), checkout));
        List<Path> modules = modules(checkout);
        for (Path module : modules) {
            roots.add(module.resolve("src/main/resources"));
            roots.add(module.resolve("src/test/resources"));
        }
        Path module = doc.getParent();
        if (modules.contains(module)) {
            for (String set : List.of("main", "test")) {
                Path sources = module.resolve("src").resolve(set);
                roots.add(sources);
                roots.add(sources.resolve("java"));
                roots.addAll(subfolders(sources.resolve("java").resolve(PLATFORM_PACKAGE)));
            }
        }
        return roots;
    }

    private static List<Path> modules(Path checkout) throws IOException {
        return subfolders(checkout).stream().filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).toList();
    }

    private static List<Path> subfolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }
}
