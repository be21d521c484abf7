package kr.seoul.sane.opssecurity.health;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP against a real MongoDB wire server that goes away: while it answers, the request works; once it is
 * gone, the request fails after the configured wait for the store (not the driver's 30 s), and the API answers 503 with Retry-After and a Korean message that says the request was not done, and a browser
 * gets a 503 page, never a 500.
 */
@SpringBootTest(classes = StoreUnavailableTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.operator.password=right-password-for-tests",
                "platform.ops.session-secret=ops-secret-for-tests-0123456789-abcdef",
                "platform.store.server-selection-timeout=800ms"})
class StoreUnavailableTest {

    private static final MongoServer STORE = new MongoServer(new MemoryBackend());

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @RestController
        static class Things {
            @Autowired
            MongoTemplate mongo;

            @GetMapping("/api/things")
            long count() {
                return mongo.getCollection("things").countDocuments();
            }

            @GetMapping("/things")
            String page() {
                return "<p>" + mongo.findAll(Document.class, "things").size() + "</p>";
            }
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        STORE.bind("127.0.0.1", 0);
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + STORE.getLocalAddress().getPort()
                + "/sane-test?connectTimeoutMS=500");
    }

    @AfterAll
    static void stopStore() {
        STORE.shutdownNow();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStoreThatIsGoneGets503WithRetryAfterNever500() throws Exception {
        assertThat(get("/api/things", "application/json").statusCode()).isEqualTo(200);
        STORE.shutdownNow();

        long start = System.nanoTime();
        HttpResponse<String> api = get("/api/things", "application/json");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(20));
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = JsonMapper.builder().build().readTree(api.body()).path("errors").path(0);
        assertThat(error.path("message").asString()).isEqualTo(StoreUnavailableAdvice.NOT_DONE).contains("다시 보내 주세요");
        assertThat(error.path("messageEn").asString()).isEqualTo(StoreUnavailableAdvice.NOT_DONE_EN);

        HttpResponse<String> page = get("/things", "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).hasValue("10");
    }

    @Test
    void aConnectionBrokenDuringACommandIsNotCalledSafeToResend() {
        ServerAddress address = new ServerAddress("127.0.0.1", 27017);
        assertThat(StoreUnavailableAdvice.neverReachedTheStore(new DataAccessResourceFailureException("x",
                new MongoSocketOpenException("refused", address, new IOException("refused"))))).isTrue();
        assertThat(StoreUnavailableAdvice.neverReachedTheStore(new DataAccessResourceFailureException("x",
                new MongoSocketReadException("Exception receiving message", address, new IOException("reset")))))
                .isFalse();
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
