package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.opssecurity.ManagedAccounts;
import kr.seoul.sane.proposal.accounts.OperatorAccountDocument;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operator accounts made on the console, end to end on a real (embedded) broker: an ADMIN creates an account through
 * the API and the page, the account logs in (form and HTTP Basic), an OPERATOR is refused the account pages, and
 * once disabled the same cookie and the same Basic credentials are refused; every change goes out as a
 * contract-valid {@code ops.account-changed} with the bcrypt hash, never the password, and is audited.
 */
@TestPropertySource(properties = {"platform.rate-limit-per-minute=0", "platform.ops.accounts-sweep-ms=300"})
class OperatorAccountsIntegrationTest extends EmbeddedInfrastructureTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "한강-새활용-2026!";

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    @Autowired
    ManagedAccounts copy;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    ConfigurableApplicationContext context;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String auth, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> create(String username, String role, String password) throws Exception {
        return call("POST", "/api/ops/accounts", basic(OPERATOR, OPERATOR_PASSWORD), JSON.writeValueAsString(
                Map.of("username", username, "displayName", "김민지", "role", role, "password", password)));
    }

    /** A browser of its own (cookies kept), logged in through the form; returns its client. */
    HttpClient loggedIn(String user, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/ops/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> done = form(browser, "/ops/login",
                Map.of("_csrf", csrf(page), "username", user, "password", password));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElse("")).as("login of " + user).doesNotContain("error");
        return browser;
    }

    HttpResponse<String> form(HttpClient browser, String path, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return browser.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient browser, URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The distinct ops.account-changed records of {@code username} (a resent one counts once) once {@code count} are there. */
    List<String> events(String username, int count) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "accounts-test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("ops.account-changed"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (username.equals(r.key()) && !seen.contains(r.value())) {
                        seen.add(r.value());
                    }
                }
                return seen.size() >= count;
            });
        }
        return seen;
    }

    @Test
    void anAdminCreatesAnOperatorWhoLogsInUntilDisabledThenCookieAndBasicAreRefused() throws Exception {
        HttpResponse<String> created = create("kim.minji", "OPERATOR", PASSWORD);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode account = JSON.readTree(created.body());
        assertThat(account.path("username").asString()).isEqualTo("kim.minji");
        assertThat(account.path("enabled").asBoolean()).isTrue();
        assertThat(account.path("createdBy").asString()).isEqualTo(OPERATOR);
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("bcrypt");

        // stored hashed, with its audit entry
        Map<?, ?> stored = mongo.findById("kim.minji", Map.class, "operator_accounts");
        assertThat((String) stored.get("passwordHash")).startsWith("{bcrypt}$2");
        assertThat(stored.toString()).doesNotContain(PASSWORD).contains("CREATED");

        // the operator logs in through the form and with HTTP Basic
        HttpClient browser = loggedIn("kim.minji", PASSWORD);
        assertThat(get(browser, uri("/ops")).statusCode()).isEqualTo(200);
        String operatorBasic = basic("kim.minji", PASSWORD);
        assertThat(call("GET", "/api/ops/proposals", operatorBasic, null).statusCode()).isEqualTo(200);

        // an OPERATOR gets 403 on the account page and API, and no link to them
        assertThat(call("GET", "/api/ops/accounts", operatorBasic, null).statusCode()).isEqualTo(403);
        assertThat(get(browser, uri("/ops/accounts")).statusCode()).isEqualTo(403);
        assertThat(get(browser, uri("/ops")).body()).doesNotContain("href=\"/ops/accounts\"");

        // disabled by the ADMIN: the same cookie and the same Basic credentials are refused from now on
        HttpResponse<String> disabled = call("POST", "/api/ops/accounts/kim.minji/disable",
                basic(OPERATOR, OPERATOR_PASSWORD), null);
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(JSON.readTree(disabled.body()).path("enabled").asBoolean()).isFalse();
        HttpResponse<String> afterwards = get(browser, uri("/ops"));
        assertThat(afterwards.statusCode()).isEqualTo(302);
        assertThat(afterwards.headers().firstValue("Location").orElse("")).contains("/ops/login");
        assertThat(call("GET", "/api/ops/proposals", operatorBasic, null).statusCode()).isEqualTo(401);
        String page = get(browser, uri("/ops/login")).body();
        assertThat(form(browser, "/ops/login", Map.of("_csrf", csrf(page), "username", "kim.minji",
                "password", PASSWORD)).headers().firstValue("Location").orElse("")).endsWith("/ops/login?error");

        // enabled again: the old session stays ended, a new login works
        assertThat(call("POST", "/api/ops/accounts/kim.minji/enable", basic(OPERATOR, OPERATOR_PASSWORD), null)
                .statusCode()).isEqualTo(200);
        assertThat(get(browser, uri("/ops")).statusCode()).isEqualTo(302);
        clock.advance(Duration.ofSeconds(2));
        assertThat(get(loggedIn("kim.minji", PASSWORD), uri("/ops")).statusCode()).isEqualTo(200);

        // three contract-valid events, the hash but never the password, versions 1..3
        List<String> events = events("kim.minji", 3);
        assertThat(events).hasSize(3);
        for (int i = 0; i < 3; i++) {
            EventContracts.assertConforms("ops.account-changed", events.get(i));
            assertThat(events.get(i)).doesNotContain(PASSWORD);
            JsonNode payload = JSON.readTree(events.get(i)).path("payload");
            assertThat(payload.path("version").asLong()).isEqualTo(i + 1);
            assertThat(payload.path("change").asString()).isEqualTo(List.of("CREATED", "DISABLED", "ENABLED").get(i));
            assertThat(payload.path("changedBy").asString()).isEqualTo(OPERATOR);
        }
        assertThat(mongo.findById("kim.minji", Map.class, "operator_accounts").toString())
                .contains("CREATED", "DISABLED", "ENABLED");
    }

    @Test
    void badInputAndConflictsGetClearKoreanAnswers() throws Exception {
        HttpResponse<String> shortPassword = create("park.jiwoo", "OPERATOR", "짧은암호");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(shortPassword.body()).contains("\"field\":\"password\"", "12자 이상");
        // bcrypt takes 72 bytes: 25 Korean syllables (75 bytes) are refused with a message, never a 5xx
        HttpResponse<String> longPassword = create("park.jiwoo", "OPERATOR", "가".repeat(25));
        assertThat(longPassword.statusCode()).isEqualTo(400);
        assertThat(longPassword.body()).contains("\"field\":\"password\"", "한글은 24자까지");
        assertThat(create("park.jiwoo", "OPERATOR", "가".repeat(24)).statusCode()).isEqualTo(201);
        HttpResponse<String> badName = create("Park Jiwoo", "SUPERUSER", PASSWORD);
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("\"field\":\"username\"", "\"field\":\"role\"");
        assertThat(create(OPERATOR, "OPERATOR", PASSWORD).statusCode()).as("the configured ADMIN's name")
                .isEqualTo(409);
        assertThat(create("han.admin", "ADMIN", PASSWORD).statusCode()).isEqualTo(201);
        HttpResponse<String> again = create("park.jiwoo", "OPERATOR", PASSWORD);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("이미 있습니다");
        // the configured ADMIN cannot be disabled; an unknown account is 404; anonymous is 401
        assertThat(call("POST", "/api/ops/accounts/" + OPERATOR + "/disable", basic(OPERATOR, OPERATOR_PASSWORD), null)
                .statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/ops/accounts/nobody/disable", basic(OPERATOR, OPERATOR_PASSWORD), null)
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/ops/accounts", null, null).statusCode()).isEqualTo(401);
        // a console ADMIN manages accounts too, but not its own
        String admin = basic("han.admin", PASSWORD);
        assertThat(call("GET", "/api/ops/accounts", admin, null).body()).contains("\"ENVIRONMENT\"", "park.jiwoo");
        HttpResponse<String> self = call("POST", "/api/ops/accounts/han.admin/disable", admin, null);
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(self.body()).contains("자신의 계정");
    }

    @Test
    void thePageCreatesAndDisablesWithCsrfAndShowsErrorsNextToTheFields() throws Exception {
        HttpClient browser = loggedIn(OPERATOR, OPERATOR_PASSWORD);
        HttpResponse<String> page = get(browser, uri("/ops/accounts"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("운영자 계정", "새 계정 만들기", "환경 설정", "aria-current=\"page\"",
                "href=\"/ops/accounts\"");
        Map<String, String> fields = new LinkedHashMap<>(Map.of("username", "lee.seoyeon", "displayName", "이서연",
                "role", "OPERATOR", "password", "short"));
        assertThat(form(browser, "/ops/accounts", fields).statusCode()).as("no CSRF token").isEqualTo(403);
        fields.put("_csrf", csrf(page.body()));
        HttpResponse<String> refused = form(browser, "/ops/accounts", fields);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("초기 비밀번호는 12자 이상", "aria-invalid=\"true\"", "value=\"lee.seoyeon\"")
                .doesNotContain("value=\"short\"");
        fields.put("password", PASSWORD);
        HttpResponse<String> done = form(browser, "/ops/accounts", fields);
        assertThat(done.statusCode()).isEqualTo(302);
        HttpResponse<String> after = get(browser, URI.create(uri("/ops/accounts") + "?created=lee.seoyeon"));
        assertThat(after.body()).contains("lee.seoyeon 계정을 만들었습니다", "이서연", "lee.seoyeon 계정 비활성화");
        HttpResponse<String> off = form(browser, "/ops/accounts/lee.seoyeon/disable", Map.of("_csrf", csrf(after.body())));
        assertThat(off.statusCode()).isEqualTo(302);
        assertThat(off.headers().firstValue("Location").orElse("")).endsWith("/ops/accounts?disabled=lee.seoyeon");
        assertThat(call("GET", "/api/ops/proposals", basic("lee.seoyeon", PASSWORD), null).statusCode()).isEqualTo(401);
        HttpResponse<String> english = get(browser, URI.create(uri("/ops/accounts") + "?lang=en"));
        assertThat(english.body()).contains("Operator accounts", "Create an account", "Disabled");
    }

    @Test
    void theAccountApiIsInTheOpenApiDocumentWithTheFormsRules() throws Exception {
        JsonNode doc = JSON.readTree(call("GET", "/v3/api-docs", null, null).body());
        JsonNode paths = doc.path("paths");
        for (JsonNode op : List.of(paths.path("/api/ops/accounts").path("get"), paths.path("/api/ops/accounts").path("post"),
                paths.path("/api/ops/accounts/{username}/{action}").path("post"))) {
            assertThat(op.path("summary").asString()).containsPattern("[가-힣]").contains("관리자");
            assertThat(op.path("security").toString()).contains("operator");
            assertThat(op.path("responses").has("403")).isTrue();
        }
        JsonNode request = doc.path("components").path("schemas").path("OperatorAccountRequest").path("properties");
        assertThat(request.path("password").path("minLength").asInt()).isEqualTo(12);
        assertThat(request.path("username").path("pattern").asString()).isEqualTo("^[a-z0-9][a-z0-9._-]{2,31}$");
        assertThat(doc.path("components").path("schemas").path("OperatorAccount").toString())
                .doesNotContain("password");
    }

    @Test
    void atStartTheServiceTakesItsAccountsFromItsOwnStoreBeforeTheTopicIsReplayed() throws Exception {
        String hash = passwords.encode(PASSWORD);
        mongo.insert(new OperatorAccountDocument("jung.hoon", "정훈", "OPERATOR", hash, true, 1, null,
                clock.instant(), OPERATOR, clock.instant(), OPERATOR, List.of(), null));
        assertThat(copy.find("jung.hoon")).isEmpty();
        context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
        assertThat(copy.find("jung.hoon")).hasValueSatisfying(a -> assertThat(a.enabled()).isTrue());
        assertThat(call("GET", "/api/ops/proposals", basic("jung.hoon", PASSWORD), null).statusCode()).isEqualTo(200);
    }

    @Test
    void anEventTheBrokerDidNotTakeIsSentByTheSweep() {
        String pending = EventContracts.example("ops.account-changed").replace("kim.minji", "seo.jun");
        mongo.insert(new OperatorAccountDocument("seo.jun", "서준", "OPERATOR", passwords.encode(PASSWORD), false, 2,
                clock.instant(), clock.instant(), OPERATOR, clock.instant(), OPERATOR, List.of(), pending));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                mongo.findById("seo.jun", OperatorAccountDocument.class).pendingEvent() == null);
        assertThat(events("seo.jun", 1)).containsExactly(pending);
    }
}
