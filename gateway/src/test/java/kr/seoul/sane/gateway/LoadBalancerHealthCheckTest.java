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

/**
 * With the LoadBalancer's health check on (as with several instances): a stopped instance stops getting requests;
 * once no instance of a service passes the check (it waits for its database, or restarts), the gateway answers 503
 * with Retry-After in Korean, JSON for the API and a page for a browser, and says the request was not passed on,
 * never the servlet container's raw 500 page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.loadbalancer.configurations=health-check",
        "spring.cloud.loadbalancer.health-check.interval=200ms"})
class LoadBalancerHealthCheckTest {

    private static final List<StubInstance.Hit> HITS = StubInstance.newHits();
    private static final StubInstance CATALOG_1 = StubInstance.start("catalog-1", HITS);
    private static final StubInstance CATALOG_2 = StubInstance.start("catalog-2", HITS);
    private static final StubInstance PROPOSAL = StubInstance.start("proposal", HITS);
    private static final StubInstance OTHERS = StubInstance.start("others", HITS);

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("sane.gateway.services.catalog", () -> CATALOG_1.url() + "," + CATALOG_2.url());
        registry.add("sane.gateway.services.proposal", PROPOSAL::url);
        for (String service : List.of("routing", "notification")) {
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

    @Test
    void noHealthyInstanceIs503InKoreanNever500() throws Exception {
        assertThat(toProposal("application/json").statusCode()).isEqualTo(200);

        PROPOSAL.stop();
        HttpResponse<String> api = toProposal("application/json");
        for (int attempt = 0; attempt < 200 && api.statusCode() != 503; attempt++) {
            // until the health check has marked the instance down, the connection is refused: 502
            assertThat(api.statusCode()).as("before the health check noticed").isEqualTo(502);
            Thread.sleep(50);
            api = toProposal("application/json");
        }

        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(api.body()).contains("\"errors\"", "요청은 전달되지 않았으니", "messageEn");
        HttpResponse<String> page = toProposal("text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("lang=\"ko\"", "요청은 전달되지 않았으니");
    }

    private HttpResponse<String> toProposal(String accept) throws Exception {
        String path = accept.contains("json") ? "/api/proposals/SN-TEST-0000-0000/erasure" : "/track";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
