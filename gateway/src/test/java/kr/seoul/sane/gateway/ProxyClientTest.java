package kr.seoul.sane.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The proxy's own HTTP client, through the running gateway to a stub service (JDK HttpServer). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxyClientTest {

    /** More requests at once than the HTTP library's default of 5 connections to one service. */
    private static final int AT_ONCE = 12;

    private static final CountDownLatch ALL_ARRIVED = new CountDownLatch(AT_ONCE);
    private static final AtomicInteger POSTS_SEEN = new AtomicInteger();
    private static final Map<String, HttpServer> BACKENDS = new ConcurrentHashMap<>();

    /** routing-service is down: nothing listens on its port. */
    private static final int CLOSED_PORT;

    static {
        for (String name : List.of("proposal", "notification", "catalog")) {
            BACKENDS.put(name, stub());
        }
        HttpServer closed = stub();
        CLOSED_PORT = closed.getAddress().getPort();
        closed.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    ClientHttpRequestFactoryBuilder<?> factories;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        BACKENDS.forEach((name, server) -> registry.add("sane.gateway.services." + name,
                () -> "http://127.0.0.1:" + server.getAddress().getPort()));
        registry.add("sane.gateway.services.routing", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    @AfterAll
    static void stopBackends() {
        BACKENDS.values().forEach(server -> server.stop(0));
    }

    @Test
    void forwardsThroughApacheHttpClient() {
        assertThat(factories.build()).isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
    }

    @Test
    void forwardsMoreRequestsToOneServiceAtOnceThanTheLibrarysDefaultPool() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            replies.add(client.sendAsync(HttpRequest.newBuilder(gateway("/api/proposals/SN-2026-WAIT" + i))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            // the stub answers 200 only once all of them are in the service at the same time
            assertThat(reply.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sendsAWriteThatBrokeOffOnceAndSaysItMayHaveBeenStored() throws Exception {
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(gateway("/api/proposals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"drop\"}")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(reply.statusCode()).isEqualTo(502);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(reply.body()).contains("\"errors\"", "지금 서비스에 연결할 수 없습니다",
                "처리되었는지 확인할 수 없으니");
        Thread.sleep(1_500);
        assertThat(POSTS_SEEN.get()).isEqualTo(1);
    }

    @Test
    void answersAPageOfItsOwnWhenAServiceIsDown() throws Exception {
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(gateway("/ops/routing/queue"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(reply.statusCode()).isEqualTo(502);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(reply.body()).contains("<html lang=\"ko\">", "<h1>잠시 연결할 수 없습니다</h1>",
                "잠시 후 다시 시도해 주세요", "The service cannot be reached");
        assertThat(reply.headers().firstValue("Retry-After")).contains("5");
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpServer stub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ProxyClientTest::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        int status = 200;
        if ("POST".equals(exchange.getRequestMethod())) {
            POSTS_SEEN.incrementAndGet();
            // no answer at all: the connection goes down under the gateway
            exchange.close();
            return;
        }
        if (exchange.getRequestURI().getPath().contains("WAIT")) {
            ALL_ARRIVED.countDown();
            try {
                status = ALL_ARRIVED.await(10, TimeUnit.SECONDS) ? 200 : 504;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            }
        }
        byte[] bytes = "{\"message\":\"정상\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
