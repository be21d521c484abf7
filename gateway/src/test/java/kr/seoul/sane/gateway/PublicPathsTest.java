package kr.seoul.sane.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every public path of the root README's "Public paths" table answers through the gateway, from the service the
 * table names (four stub services, one per backend; {@code gateway} = the gateway's own answer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicPathsTest {

    static final Path README = Path.of("../README.md");
    private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|DELETE) \\| `([^`]+)` \\| ([a-z-]+) \\|");
    private static final List<StubInstance.Hit> HITS = StubInstance.newHits();
    private static final Map<String, StubInstance> SERVICES = Map.of(
            "proposal-service", StubInstance.start("proposal-service", HITS),
            "routing-service", StubInstance.start("routing-service", HITS),
            "notification-service", StubInstance.start("notification-service", HITS),
            "catalog-service", StubInstance.start("catalog-service", HITS));

    @LocalServerPort
    int port;

    record PublicPath(String method, String pathAndQuery, String service) {
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        SERVICES.forEach((name, stub) -> registry.add("sane.gateway.services." + name.replace("-service", ""),
                stub::url));
    }

    @AfterAll
    static void stopBackends() {
        SERVICES.values().forEach(StubInstance::stop);
    }

    @Test
    void everyPublicPathOfTheReadmeAnswersFromItsService() throws Exception {
        List<PublicPath> paths = publicPaths();
        assertThat(paths).as("the Public paths table of %s", README).hasSizeGreaterThanOrEqualTo(20)
                .extracting(PublicPath::pathAndQuery)
                .contains("/transparency", "/api/open-data/summary.json", "/api/open-data/departments.csv",
                        "/api/open-data/fields.csv", "/api/catalog/stats");
        HttpClient client = HttpClient.newHttpClient();
        for (PublicPath path : paths) {
            HITS.clear();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path.pathAndQuery()))
                    .method(path.method(), HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("%s %s", path.method(), path.pathAndQuery()).isEqualTo(200);
            if ("gateway".equals(path.service())) {
                assertThat(HITS).as("%s answered by the gateway itself", path.pathAndQuery()).isEmpty();
                continue;
            }
            String rawPath = URI.create(path.pathAndQuery()).getRawPath();
            assertThat(HITS).as("%s %s", path.method(), path.pathAndQuery()).singleElement().satisfies(hit -> {
                assertThat(hit.instance()).isEqualTo(path.service());
                assertThat(hit.method()).isEqualTo(path.method());
                assertThat(hit.path()).isEqualTo(URI.create(rawPath).getPath());
            });
        }
    }

    static List<PublicPath> publicPaths() throws IOException {
        List<PublicPath> paths = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Public paths");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.find()) {
                paths.add(new PublicPath(row.group(1), row.group(2), row.group(3)));
            }
        }
        return paths;
    }
}
