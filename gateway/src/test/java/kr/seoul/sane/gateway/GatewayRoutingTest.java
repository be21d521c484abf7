package kr.seoul.sane.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Real HTTP through the gateway to four stub services (JDK HttpServer), one per backend. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
class GatewayRoutingTest {

    record Seen(String service, String method, String pathAndQuery, String body, List<String> forwardedFor,
                String forwardedProto, String traceparent) {
    }

    private static final Map<String, HttpServer> BACKENDS = new ConcurrentHashMap<>();
    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    static {
        for (String name : List.of("proposal", "routing", "notification", "catalog")) {
            BACKENDS.put(name, startStub(name));
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        BACKENDS.forEach((name, server) -> registry.add("sane.gateway.services." + name,
                () -> "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterAll
    static void stopBackends() {
        BACKENDS.values().forEach(server -> server.stop(0));
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /, proposal",
            "GET, /proposals/new, proposal",
            "GET, /track/SN-2026-ABCD, proposal",
            "GET, /assets/site.css, proposal",
            "GET, /ops/triage, proposal",
            "GET, /ops-shared/ops.css, proposal",
            "GET, /ops/login?next=%2Fops%2Fcatalog%2Fdrafts, proposal",
            "POST, /ops/login, proposal",
            "POST, /ops/logout, proposal",
            "GET, /ops/catalog/drafts, catalog",
            "GET, /ops/deliveries, notification",
            "GET, /ops/dead-letters, notification",
            "GET, /api/ops/proposals?status=SUBMITTED&page=0&size=20, proposal",
            "GET, /api/ops/accounts, proposal",
            "POST, /api/ops/accounts/kim.minji/disable, proposal",
            "GET, /ops/accounts, proposal",
            "GET, /api/proposals/SN-2026-ABCD?email=a%40b.example, proposal",
            "GET, /v3/api-docs, proposal",
            "GET, /v3/api-docs/swagger-config, proposal",
            "GET, /swagger-ui.html, proposal",
            "GET, /swagger-ui/index.html, proposal",
            "GET, /swagger-ui/swagger-initializer.js, proposal",
            "GET, /api/ops/routing/triage, routing",
            "GET, /api/ops/deliveries?status=FAILED, notification",
            "GET, /api/ops/dead-letters, notification",
            "GET, /ops/deliveries, notification",
            "GET, /ops/deliveries?status=FAILED&page=1, notification",
            "POST, /ops/deliveries/1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12:applicant-receipt:APPLICANT/resend, notification",
            "GET, /ops/dead-letters, notification",
            "POST, /ops/dead-letters/error.proposal.submitted.notification-service/0/3/replay, notification",
            "GET, /ops, proposal",
            "GET, /ops/proposals/6741a3f2c9e77b1d2a5f0c11, proposal",
            "POST, /api/ops/catalog/rebuild, catalog",
            "GET, /api/ops/catalog/drafts, catalog",
            "GET, /cases, catalog",
            "GET, /cases/case-17, catalog",
            "GET, /institutions, catalog",
            "GET, /api/cases?q=%ED%94%8C%EB%9D%BC%EC%8A%A4%ED%8B%B1&field=ENVIRONMENT_PARKS&page=0&size=500, catalog",
            "GET, /api/institutions?q=&field=&page=0&size=10, catalog",
            "GET, /some/department/action/link, proposal",
    })
    void routesEachPathToItsService(String method, String pathAndQuery, String service) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(pathAndQuery)).method(method,
                HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Stub-Service")).contains(service);
        assertThat(SEEN).singleElement().satisfies(seen -> {
            assertThat(seen.service()).isEqualTo(service);
            assertThat(seen.method()).isEqualTo(method);
            assertThat(seen.pathAndQuery()).isEqualTo(pathAndQuery);
        });
    }

    @ParameterizedTest(name = "{0} -> {1} /v3/api-docs")
    @CsvSource({
            "/v3/api-docs/proposal, proposal",
            "/v3/api-docs/routing, routing",
            "/v3/api-docs/notification, notification",
            "/v3/api-docs/catalog, catalog",
    })
    void servesEachServicesOpenApiDocumentUnderItsName(String path, String service) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path)).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SEEN).singleElement().satisfies(seen -> {
            assertThat(seen.service()).isEqualTo(service);
            assertThat(seen.pathAndQuery()).as("the service's own document path").isEqualTo("/v3/api-docs");
        });
    }

    @Test
    void carriesKoreanBodiesBothWaysAndKeepsTheStatus() throws Exception {
        String json = """
                {"organization":"(사)지구반장","organizationType":"NONPROFIT","contactName":"김서울",\
                "email":"kim@example.org","phone":"02-1234-5678","title":"초등학교 찾아가는 기후위기 수업",\
                "content":"초등학교 5~6학년 교실에 찾아가 기후위기 수업을 해 드립니다. 🌏","field":null,\
                "consent":true,"language":"ko"}""";

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/proposals"))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).contains("/api/proposals/SN-2026-0001");
        assertThat(response.body()).contains("접수되었습니다").contains("초등학교 찾아가는 기후위기 수업");
        assertThat(SEEN).singleElement().satisfies(seen -> {
            assertThat(seen.service()).isEqualTo("proposal");
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.body()).isEqualTo(json);
        });
    }

    @Test
    void forwardsFormPostsUnchanged() throws Exception {
        String form = "title=" + java.net.URLEncoder.encode("한강 플로깅 캠페인", StandardCharsets.UTF_8) + "&consent=true";

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/proposals"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SEEN).singleElement().satisfies(seen -> assertThat(seen.body()).isEqualTo(form));
    }

    @Test
    void tellsTheServiceTheClientAddressAndIgnoresAForgedOne() throws Exception {
        send(HttpRequest.newBuilder(gateway("/api/proposals")).header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(SEEN).singleElement().satisfies(seen -> {
            assertThat(seen.forwardedFor()).containsExactly("127.0.0.1");
            assertThat(seen.forwardedProto()).isEqualTo("http");
        });
    }

    @Test
    void startsOrContinuesTheTraceAndHandsItToTheService() throws Exception {
        send(HttpRequest.newBuilder(gateway("/api/proposals")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(SEEN).singleElement().satisfies(seen -> assertThat(seen.traceparent())
                .as("a trace started by the gateway").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));

        SEEN.clear();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        send(HttpRequest.newBuilder(gateway("/api/proposals"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(SEEN).singleElement().satisfies(seen -> assertThat(seen.traceparent())
                .as("the caller's trace").startsWith("00-" + traceId + "-"));
    }

    @Test
    void passesBackendErrorsThrough() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/proposals/missing?status=404")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("찾을 수 없습니다");
    }

    @Test
    void servesItsActuatorOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> readiness = send(HttpRequest.newBuilder(management("/actuator/health/readiness")));
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(management("/actuator/prometheus")));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"gateway\"");
        assertThat(SEEN).isEmpty();
    }

    @Test
    void answersItsOverallHealthAloneOnThePublicPortWithoutAskingAService() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/actuator/health")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(SEEN).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> 404")
    @CsvSource({
            "GET, /actuator",
            "GET, /actuator/prometheus",
            "POST, /actuator/health",
            "GET, /actuator/env",
            "POST, /actuator/shutdown",
            "GET, /actuator/health/readiness"})
    void theActuatorIsNotOnThePublicOrigin(String method, String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path))
                .method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("UP", "jvm_");
        assertThat(SEEN).as("no service's actuator is reached through the gateway either").isEmpty();
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpServer startStub(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> answer(name, exchange));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(String name, HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        URI uri = exchange.getRequestURI();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        List<String> forwardedFor = exchange.getRequestHeaders().getOrDefault("X-Forwarded-For", List.of()).stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim)
                .toList();
        SEEN.add(new Seen(name, exchange.getRequestMethod(), pathAndQuery, body, forwardedFor,
                exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"),
                exchange.getRequestHeaders().getFirst("traceparent")));

        int status = 200;
        String reply = "{\"service\":\"" + name + "\",\"message\":\"정상\"}";
        if ("POST".equals(exchange.getRequestMethod()) && uri.getPath().equals("/api/proposals")) {
            status = 201;
            reply = "{\"message\":\"접수되었습니다\",\"echo\":" + (body.isBlank() ? "null" : body) + "}";
            exchange.getResponseHeaders().add("Location", "/api/proposals/SN-2026-0001");
        } else if ("status=404".equals(uri.getRawQuery())) {
            status = 404;
            reply = "{\"errors\":[{\"field\":null,\"message\":\"제안을 찾을 수 없습니다\"}]}";
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.getResponseHeaders().add("X-Stub-Service", name);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
