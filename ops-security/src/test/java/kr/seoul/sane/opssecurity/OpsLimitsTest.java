package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits every service gets from this module, over real HTTP: bodies above 64 KB are refused before parsing
 * (declared or chunked), JSON past Jackson's stream limits gets a Korean 400, and wrong HTTP Basic passwords on the ops API are throttled like the login form.
 */
@SpringBootTest(classes = OpsLimitsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.operator.password=right-password-for-tests",
                "platform.ops.session-secret=ops-secret-for-tests-0123456789-abcdef",
                "spring.jackson.deserialization.fail-on-trailing-tokens=true"})
class OpsLimitsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @RestController
        static class Echo {
            @PostMapping("/api/echo")
            Map<String, Integer> echo(@RequestBody Map<String, Object> body) {
                return Map.of("keys", body.size());
            }

            @PostMapping("/api/ops/echo")
            Map<String, Integer> opsEcho(@RequestBody Map<String, Object> body) {
                return Map.of("keys", body.size());
            }
        }

        /** Like the services' own advice: a generic answer for any unreadable body. */
        @org.springframework.web.bind.annotation.RestControllerAdvice
        static class ServiceAdvice {
            @org.springframework.web.bind.annotation.ExceptionHandler(
                    org.springframework.http.converter.HttpMessageNotReadableException.class)
            org.springframework.http.ResponseEntity<String> unreadable() {
                return org.springframework.http.ResponseEntity.badRequest().body("unreadable");
            }
        }

        @org.springframework.context.annotation.Bean
        org.springframework.security.web.SecurityFilterChain publicPaths(
                org.springframework.security.config.annotation.web.builders.HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper jsonMapper;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void smallJsonIsParsedAndAMegabyteIsRefusedWith413() throws Exception {
        assertThat(post("/api/echo", "{\"a\":1,\"b\":2}", null, false).body()).contains("\"keys\":2");

        String huge = "{\"a\":\"" + "x".repeat(1024 * 1024) + "\"}";
        HttpResponse<String> declared = post("/api/echo", huge, null, false);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("요청 본문이 너무 큽니다", "64KB");

        HttpResponse<String> chunked = post("/api/echo", huge, null, true);
        assertThat(chunked.statusCode()).isEqualTo(413);

        String justUnder = "{\"a\":\"" + "x".repeat(60 * 1024) + "\"}";
        assertThat(post("/api/echo", justUnder, null, true).statusCode()).isEqualTo(200);
        // before authentication: an anonymous megabyte to the ops API is refused by size, not parsed
        assertThat(post("/api/ops/echo", huge, null, false).statusCode()).isEqualTo(413);
    }

    @Test
    void jsonPastTheStreamLimitsGets400WithAKoreanMessageInsideTheBodyLimit() throws Exception {
        String deep = "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        String longNumber = "{\"a\":" + "7".repeat(50_000) + "}";
        for (String body : List.of(deep, longNumber)) {
            assertThat(body.length()).as("under the 64 KB body limit").isLessThan(64 * 1024);
            HttpResponse<String> response = post("/api/echo", body, null, false);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).contains("요청 JSON이 허용 한도를 넘습니다", "중첩은 64단계", "숫자는 100자리");
        }
        // the service's own advice still answers other unreadable bodies
        assertThat(post("/api/echo", "{\"a\":", null, false).body()).isEqualTo("unreadable");
        // just inside the limits: parsed
        String shallow = "{\"a\":" + "[".repeat(60) + "]".repeat(60) + ",\"b\":" + "7".repeat(100) + "}";
        assertThat(post("/api/echo", shallow, null, false).statusCode()).isEqualTo(200);
    }

    @Test
    void theServicesJsonMapperHasTheLimitsAndBootsOwnSettings() {
        StreamReadConstraints limits = jsonMapper.tokenStreamFactory().streamReadConstraints();
        assertThat(limits.getMaxNestingDepth()).isEqualTo(64);
        assertThat(limits.getMaxNumberLength()).isEqualTo(100);
        assertThat(limits.getMaxStringLength()).isEqualTo(262_144);
        assertThat(limits.getMaxDocumentLength()).isEqualTo(1024 * 1024);
        assertThat(limits.getMaxNameLength()).isEqualTo(1000);
        // Boot's customizer (spring.jackson.*) still applies to the builder with the limits
        assertThat(jsonMapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).isTrue();
    }

    @Test
    void wrongBasicPasswordsAreThrottledWith429AndRetryAfter() throws Exception {
        String wrong = basic("operator", "wrong");
        int refusedWith401 = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 10; i++) {
            last = post("/api/ops/echo", "{}", wrong, false);
            if (last.statusCode() == 401) {
                refusedWith401++;
            }
        }
        assertThat(refusedWith401).isEqualTo(5);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("로그인 실패가 너무 많습니다");
        // the right password of the throttled account also waits: no guessing around the limit
        assertThat(post("/api/ops/echo", "{}", basic("operator", "right-password-for-tests"), false).statusCode())
                .isEqualTo(429);
    }

    @Test
    void basicUserIsReadFromTheHeader() {
        var request = new org.springframework.mock.web.MockHttpServletRequest();
        assertThat(BasicAuthThrottle.basicUser(request)).isNull();
        request.addHeader("Authorization", basic("ops", "pw"));
        assertThat(BasicAuthThrottle.basicUser(request)).isEqualTo("ops");
        var broken = new org.springframework.mock.web.MockHttpServletRequest();
        broken.addHeader("Authorization", "Basic !!!");
        assertThat(BasicAuthThrottle.basicUser(broken)).isEmpty();
    }

    private HttpResponse<String> post(String path, String body, String authorization, boolean chunked)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(publisher);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
