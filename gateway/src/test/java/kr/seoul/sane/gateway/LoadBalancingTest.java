package kr.seoul.sane.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two live instances of proposal-service and catalog-service plus one proposal-service instance whose port refuses
 * connections (a killed instance), no health check: reads are spread and retried, writes are spread and never
 * sent twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadBalancingTest {

    private static final List<StubInstance.Hit> HITS = StubInstance.newHits();
    private static final StubInstance PROPOSAL_1 = StubInstance.start("proposal-1", HITS);
    private static final StubInstance PROPOSAL_2 = StubInstance.start("proposal-2", HITS);
    private static final StubInstance CATALOG_1 = StubInstance.start("catalog-1", HITS);
    private static final StubInstance CATALOG_2 = StubInstance.start("catalog-2", HITS);
    private static final StubInstance ROUTING = StubInstance.start("routing", HITS);
    private static final String REFUSED = StubInstance.refusedUrl();

    @LocalServerPort
    int port;


    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("sane.gateway.services.proposal",
                () -> PROPOSAL_1.url() + ", " + PROPOSAL_2.url() + "," + REFUSED);
        registry.add("sane.gateway.services.catalog", () -> CATALOG_1.url() + "," + CATALOG_2.url());
        registry.add("sane.gateway.services.routing", ROUTING::url);
        registry.add("sane.gateway.services.notification", ROUTING::url);
    }

    @AfterAll
    static void stop() {
        List.of(PROPOSAL_1, PROPOSAL_2, CATALOG_1, CATALOG_2, ROUTING).forEach(StubInstance::stop);
    }

    @BeforeEach
    void clear() {
        HITS.clear();
    }

    @Test
    void spreadsCatalogReadsAndWritesOverItsInstances() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(send("GET", "/cases/case-" + i).statusCode()).isEqualTo(200);
            assertThat(send("POST", "/api/ops/catalog/rebuild").statusCode()).isEqualTo(200);
        }

        assertThat(CATALOG_1.hits()).hasSize(10);
        assertThat(CATALOG_2.hits()).hasSize(10);
    }

    @Test
    void everyReadIsAnsweredAndSpreadOverTheLiveInstancesWhenOneRefusesConnections() throws Exception {
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = send("GET", "/track/SN-2026-" + i);
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(HITS).hasSize(12);
        assertThat(PROPOSAL_1.hits()).isNotEmpty();
        assertThat(PROPOSAL_2.hits()).isNotEmpty();
    }

    @Test
    void aWriteIsNeverSentTwiceNotEvenWhenItsInstanceRefusedTheConnection() throws Exception {
        for (int i = 0; i < 12; i++) {
            send("POST", "/api/proposals", "{\"title\":\"제안 " + i + "\"}");
        }

        // round robin over three instances: a write that meets the refused port fails (the servlet container's
        // error page is then fetched through the fallback route, which takes a turn of the round robin too) and is
        // not sent to another instance: some writes are missing, none arrived twice
        List<StubInstance.Hit> writes = HITS.stream().filter(hit -> hit.path().equals("/api/proposals")).toList();
        assertThat(writes).hasSizeBetween(4, 11);
        assertThat(writes.stream().map(StubInstance.Hit::body).distinct()).hasSameSizeAs(writes);
    }

    @Test
    void routingStaysOnItsOneUrl() throws Exception {
        assertThat(send("GET", "/api/ops/routing/triage").headers().firstValue("X-Stub-Instance")).contains("routing");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
