package kr.seoul.sane.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the LoadBalancer's health check on (as with several instances): a stopped instance stops getting requests. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.loadbalancer.configurations=health-check",
        "spring.cloud.loadbalancer.health-check.interval=200ms"})
class LoadBalancerHealthCheckTest {

    private static final List<StubInstance.Hit> HITS = StubInstance.newHits();
    private static final StubInstance CATALOG_1 = StubInstance.start("catalog-1", HITS);
    private static final StubInstance CATALOG_2 = StubInstance.start("catalog-2", HITS);
    private static final StubInstance OTHERS = StubInstance.start("others", HITS);

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("sane.gateway.services.catalog", () -> CATALOG_1.url() + "," + CATALOG_2.url());
        for (String service : List.of("proposal", "routing", "notification")) {
            registry.add("sane.gateway.services." + service, OTHERS::url);
        }
    }

    @AfterAll
    static void stop() {
        List.of(CATALOG_1, OTHERS).forEach(StubInstance::stop);
    }

    @Test
    void aStoppedInstanceGetsNoMoreWritesOnceItsHealthCheckFailed() throws Exception {
        for (int i = 0; i < 4; i++) {
            post();
        }
        assertThat(CATALOG_2.hits()).as("both instances are used while both are up").isNotEmpty();

        CATALOG_2.stop();
        HITS.clear();
        int sentSinceLastFailure = 0;
        for (int attempt = 0; attempt < 500 && sentSinceLastFailure < 10; attempt++) {
            sentSinceLastFailure = post() == 200 ? sentSinceLastFailure + 1 : 0;
            if (sentSinceLastFailure == 0) {
                Thread.sleep(50);
            }
        }

        assertThat(sentSinceLastFailure).as("ten writes in a row answered after the health check").isEqualTo(10);
        assertThat(CATALOG_2.hits()).isEmpty();
    }

    private int post() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ops/catalog/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("X-Stub-Instance").orElse("").equals("catalog-1")
                ? response.statusCode() : 502;
    }
}
