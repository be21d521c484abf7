package kr.seoul.sane.proposal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import kr.seoul.sane.proposal.model.Proposal;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static kr.seoul.sane.proposal.EmbeddedInfrastructureTest.csrf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security promises as tests: the ops console and API closed to anonymous users, CSRF on every form, the
 * security headers and a CSP the templates can live with, size and rate limits, user text escaped on every page
 * that shows it, and no personal data in the logs of a run. Extends the hostile-input suite so both share one
 * {@code @Nested} class, hence one Spring context, with {@link ProposalServiceIntegrationTest}.
 */
abstract class SecuritySuite extends HostileInputSuite {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void captureLogs() {
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterAll
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        logs.stop();
    }

    HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(HttpClient client, String path, Map<String, String> form, String forwardedFor) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json, String forwardedFor, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient operator() throws Exception {
        HttpClient ops = browser();
        HttpResponse<String> login = get(ops, "/ops/login");
        HttpResponse<String> done = postForm(ops, "/ops/login", Map.of("_csrf", csrf(login.body()),
                "username", EmbeddedInfrastructureTest.OPERATOR, "password", EmbeddedInfrastructureTest.OPERATOR_PASSWORD), nextClient());
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return ops;
    }

    // ---------------------------------------------------------------- closed doors

    @Order(10)
    @ParameterizedTest(name = "anonymous GET {0} → login page")
    @ValueSource(strings = {"/ops", "/ops/", "/ops/proposals", "/ops/proposals?status=ROUTED&page=0",
            "/ops/proposals/{id}", "/ops/proposals/6741a3f2c9e77b1d2a5f0c11", "/ops/unknown/page",
            "/ops/proposals/{id}/actions", "/ops/proposals/{id}/department-link"})
    void everyOpsPageSendsAnonymousUsersToTheLogin(String path) throws Exception {
        HttpResponse<String> response = get(browser(), resolve(path));
        assertThat(response.statusCode()).as(path).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElse("")).as(path)
                .contains("/ops/login?next=" + URLEncoder.encode(resolve(path), StandardCharsets.UTF_8));
    }

    @Order(11)
    @Test
    void everyOpsApiAnswers401ToAnyoneButTheOperator() throws Exception {
        // wrong Basic credentials count against the login throttle (per client address and per account): each
        // request comes from its own address, and the wrong password is tried on an account the later tests do not
        // use, so the operator's account is not locked for them
        String wrong = "Basic " + Base64.getEncoder().encodeToString("ops-intruder:wrong".getBytes(StandardCharsets.UTF_8));
        String unknown = "Basic " + Base64.getEncoder().encodeToString("admin:ops-secret".getBytes(StandardCharsets.UTF_8));
        String garbage = "Basic %%%not-base64";
        List<HttpRequest> requests = new ArrayList<>();
        for (String auth : new String[]{null, wrong, unknown, garbage, "Bearer abc"}) {
            for (String[] r : new String[][]{{"GET", "/api/ops/proposals"}, {"GET", "/api/ops/proposals?size=500"},
                    {"GET", "/api/ops/proposals/" + fixtureId + "/department-link"},
                    {"POST", "/api/ops/proposals/" + fixtureId + "/actions"}, {"GET", "/api/ops/unknown"}}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r[1]))
                        .header("Content-Type", "application/json").header("X-Forwarded-For", nextClient())
                        .method(r[0], r[0].equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"action\":\"ACCEPT\"}")
                                : HttpRequest.BodyPublishers.noBody());
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                requests.add(b.build());
            }
        }
        String before = snapshot().toString();
        for (HttpRequest r : requests) {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(r.method() + " " + r.uri() + " " + r.headers().firstValue("Authorization"))
                    .isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(JSON.readTree(response.body()).path("errors").get(0).path("message").asString()).contains("로그인");
        }
        assertThat(snapshot().toString()).isEqualTo(before);
    }

    @Order(12)
    @Test
    void everyFormPostNeedsItsCsrfToken() throws Exception {
        HttpClient client = browser();
        String token = csrf(get(client, "/proposals/new").body());
        Map<String, String> proposal = new LinkedHashMap<>(Map.of(
                "organization", "서울 나눔 상회", "organizationType", "COMPANY", "contactName", "박지훈",
                "email", "csrf-" + UUID.randomUUID() + "@example.org", "phone", "010-2345-6789", "field", "",
                "title", "위조 요청으로 보내는 제안", "content", "다른 사이트에서 몰래 보낸 요청은 접수되면 안 됩니다. 확인용 내용입니다.",
                "consent", "true"));
        proposal.put("startedAt", Long.toString(clock.millis() - 60_000));
        Map<String, Map<String, String>> posts = new LinkedHashMap<>();
        posts.put("/proposals", proposal);
        posts.put("/track", Map.of("code", fixtureCode, "email", fixtureEmail));
        posts.put("/track/answer", Map.of("code", fixtureCode, "email", fixtureEmail, "answer", "답변"));
        posts.put("/track/erasure", Map.of("code", fixtureCode, "email", fixtureEmail));
        posts.put("/track/erasure/confirm", Map.of("code", fixtureCode, "email", fixtureEmail,
                "confirmation", "123456"));
        posts.put("/department/proposals/" + fixtureId + "/actions", Map.of("token", fixtureToken, "action", "ACCEPT"));
        posts.put("/ops/login", Map.of("username", EmbeddedInfrastructureTest.OPERATOR, "password", EmbeddedInfrastructureTest.OPERATOR_PASSWORD));
        posts.put("/ops/logout", Map.of());
        posts.put("/ops/proposals/" + fixtureId + "/actions", Map.of("action", "ACCEPT"));
        posts.put("/ops/proposals/" + fixtureId + "/department-link", Map.of());
        Snapshot before = snapshot();
        for (Map.Entry<String, Map<String, String>> p : posts.entrySet()) {
            HttpResponse<String> none = postForm(client, p.getKey(), p.getValue(), nextClient());
            assertThat(none.statusCode()).as("no token: " + p.getKey()).isEqualTo(403);
            Map<String, String> forged = new LinkedHashMap<>(p.getValue());
            forged.put("_csrf", "forged-" + token.substring(1));
            HttpResponse<String> wrong = postForm(client, p.getKey(), forged, nextClient());
            assertThat(wrong.statusCode()).as("forged token: " + p.getKey()).isEqualTo(403);
            // the token of one browser does not work with another browser's cookie
            Map<String, String> foreign = new LinkedHashMap<>(p.getValue());
            foreign.put("_csrf", token);
            assertThat(postForm(browser(), p.getKey(), foreign, nextClient()).statusCode()).as("foreign: " + p.getKey())
                    .isEqualTo(403);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- headers and CSP

    @Order(13)
    @ParameterizedTest(name = "security headers on {0}")
    @ValueSource(strings = {"/", "/proposals/new", "/track", "/track?code=SN-AAAA-BBBB-CCCC", "/ops/login",
            "/department/proposals/{id}?token={token}", "/department/proposals/{id}?token=forged", "/no/such/page",
            "/attachments/{id}?token=x", "/api/proposals/SN-AAAA-BBBB-CCCC?email=a@b.org"})
    void pagesCarryTheSecurityHeadersAndNoInlineScriptOrStyle(String path) throws Exception {
        HttpResponse<String> response = get(browser(), resolve(path));
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).as(path).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'");
        assertThat(csp).as(path).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            assertNoInlineCode(path, response.body());
        }
    }

    static void assertNoInlineCode(String where, String html) {
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as(where + ": inline <script>").isFalse();
        assertThat(Pattern.compile("<style[\\s>]", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as(where + ": <style> element").isFalse();
        // attribute values removed first: escaped user text inside value="…" is text, not an attribute
        String tags = html.replaceAll("\"[^\"]*\"", "\"\"");
        assertThat(Pattern.compile("<[^>]+\\s(th:)?style\\s*=", Pattern.CASE_INSENSITIVE).matcher(tags).find())
                .as(where + ": style attribute").isFalse();
        assertThat(Pattern.compile("<[^>]+\\s(th:)?on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(tags).find())
                .as(where + ": on* handler").isFalse();
        assertThat(Pattern.compile("(href|src|action)\\s*=\\s*\"\\s*javascript:", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as(where + ": javascript: URL").isFalse();
    }

    @Order(14)
    @Test
    void templatesHaveNoInlineScriptHandlersOrStyles() throws Exception {
        Path templates = Path.of("src/main/resources/templates");
        assertThat(templates).isDirectory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(templates)) {
            files = walk.filter(p -> p.toString().endsWith(".html")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) {
            String html = Files.readString(f);
            assertNoInlineCode(f.toString(), html);
            assertThat(html).as(f + ": th:utext renders unescaped text").doesNotContain("th:utext", "[(${");
        }
    }

    // ---------------------------------------------------------------- limits

    @Order(15)
    @Test
    void submissionsBeyondTheRateGet429WithRetryAfterAndStoreNothing() throws Exception {
        String client = nextClient();
        for (int i = 0; i < 5; i++) {
            assertThat(postJson("/api/proposals", "{}", client, null).statusCode()).isEqualTo(400);
        }
        Snapshot before = snapshot();
        HttpResponse<String> api = postJson("/api/proposals", with(m -> { }), client, null);
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.headers().firstValue("Retry-After").orElse("")).matches("\\d+");
        assertThat(JSON.readTree(api.body()).path("errors").get(0).path("message").asString()).contains("너무 잦습니다");
        HttpClient b = browser();
        String token = csrf(get(b, "/proposals/new").body());
        HttpResponse<String> form = postForm(b, "/proposals", Map.of("_csrf", token, "title", "x"), client);
        assertThat(form.statusCode()).isEqualTo(429);
        assertThat(form.headers().firstValue("Retry-After")).isPresent();
        assertThat(form.body()).contains("잠시 후 다시 시도해 주세요");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Order(16)
    @Test
    void aBodyBeyondTheUploadLimitGets413BeforeItIsRead() throws Exception {
        Snapshot before = snapshot();
        // declared 13 MB, only a little sent: the answer must come before the body is read
        HttpResponse<String> response = rawRequestDeclaring("/api/proposals", 13L * 1024 * 1024);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("errors").get(0).path("message").asString()).matches("(?s).*[가-힣].*");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Order(17)
    @Test
    void failedOpsLoginsAreThrottledPerClientAddressAndPerAccount() throws Exception {
        HttpClient client = browser();
        String token = csrf(get(client, "/ops/login").body());
        String address = nextClient();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = postForm(client, "/ops/login", Map.of("_csrf", token,
                    "username", "nobody-" + i, "password", "wrong"), address);
            assertThat(wrong.statusCode()).isEqualTo(302);
            assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/ops/login?error");
        }
        // the sixth try from that address waits, even with the right password
        HttpResponse<String> blocked = postForm(client, "/ops/login", Map.of("_csrf", token,
                "username", "ops", "password", "ops-secret"), address);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After").orElse("")).matches("[1-9]\\d*");
        assertThat(blocked.body()).contains("로그인 실패가 너무 잦습니다", "name=\"_csrf\"");
        assertThat(blocked.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("SANE_OPS="));

        // five failures for one account from five addresses: the account waits, from anywhere
        for (int i = 0; i < 5; i++) {
            postForm(client, "/ops/login", Map.of("_csrf", token, "username", "ghost", "password", "wrong-" + i),
                    nextClient());
        }
        assertThat(postForm(client, "/ops/login", Map.of("_csrf", token, "username", "Ghost", "password", "x"),
                nextClient()).statusCode()).isEqualTo(429);
        // the operator from another address is not affected
        operator();
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(m -> m.contains("ops login failed") && m.contains("(unknown)"))
                .noneMatch(m -> m.contains("nobody-") || m.contains("wrong-") || m.contains("ops-secret"));
    }

    @Order(18)
    @Test
    void theLoginSetsTheSignedCookieGoesOnlyToLocalPathsAndTheLogoutDeletesIt() throws Exception {
        HttpClient client = browser();
        String token = csrf(get(client, "/ops/login?next=https://evil.example/ops").body());
        HttpResponse<String> done = postForm(client, "/ops/login", Map.of("_csrf", token, "username", "ops",
                "password", "ops-secret", "next", "//evil.example/ops"), nextClient());
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElse("")).endsWith("/ops").doesNotContain("evil");
        String cookie = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SANE_OPS="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("Path=/", "Max-Age=28800", "HttpOnly", "SameSite=Lax");
        assertThat(done.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        HttpResponse<String> triage = get(client, "/ops/triage");
        assertThat(triage.statusCode()).isEqualTo(200);
        assertThat(triage.body()).contains("aria-current=\"page\">분류 대기", "href=\"/ops-shared/ops.css\"",
                "<a href=\"/ops/deliveries\">메일 전송 실패</a>");
        assertThat(get(client, "/ops/triage?lang=en").body()).contains("Triage", "Case drafts", "Log out");

        HttpResponse<String> out = postForm(client, "/ops/logout", Map.of("_csrf", csrf(triage.body())), nextClient());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElse("")).endsWith("/ops/login?logout");
        assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("SANE_OPS=;") && c.contains("Max-Age=0"));
        assertThat(get(client, "/ops/triage").statusCode()).isEqualTo(302);
    }

    HttpResponse<String> rawRequestDeclaring(String path, long length) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-Forwarded-For: " + nextClient() + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: " + length + "\r\n\r\n--x\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    // ---------------------------------------------------------------- escaping

    @Order(20)
    @Test
    void userTextIsEscapedOnEveryPageThatShowsIt() throws Exception {
        Proposal p = hostileStoredProposal("협력 제안 " + XSS, XSS);
        allowedKeys.add(p.getId());
        String escaped = "&lt;img src=x onerror=alert(1)&gt;";
        Map<String, String> pages = new LinkedHashMap<>();

        HttpClient applicant = browser();
        String trackToken = csrf(get(applicant, "/track").body());
        pages.put("tracking page", postForm(applicant, "/track", Map.of("_csrf", trackToken, "code", p.getTrackingCode(),
                "email", p.getEmail()), nextClient()).body());
        String token = links.sign(p.getId(), "RESOURCE_CIRCULATION", Duration.ofHours(1));
        HttpClient department = browser();
        HttpResponse<String> page = get(department, "/department/proposals/" + p.getId() + "?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        pages.put("department page", page.body());
        // a department question with markup: refused, or stored and shown escaped
        HttpResponse<String> asked = postForm(department, "/department/proposals/" + p.getId() + "/actions",
                Map.of("_csrf", csrf(page.body()), "token", token, "action", "REQUEST_INFO", "note", "질문 " + XSS),
                nextClient());
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        pages.put("department answer page", asked.body());
        pages.put("tracking page with the question", postForm(applicant, "/track", Map.of("_csrf", trackToken,
                "code", p.getTrackingCode(), "email", p.getEmail()), nextClient()).body());

        HttpClient ops = operator();
        pages.put("ops overview", get(ops, "/ops").body());
        pages.put("ops list", get(ops, "/ops/proposals").body());
        pages.put("ops list by status", get(ops, "/ops/proposals?status=" + mongo.findById(p.getId(), Proposal.class)
                .getStatus().name()).body());
        pages.put("ops detail", get(ops, "/ops/proposals/" + p.getId()).body());
        pages.put("ops list with hostile status", get(ops, "/ops/proposals?status=" + URLEncoder.encode(XSS,
                StandardCharsets.UTF_8)).body());
        pages.put("tracking form with hostile code", get(browser(), "/track?code=" + URLEncoder.encode(XSS,
                StandardCharsets.UTF_8)).body());

        for (Map.Entry<String, String> e : pages.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).doesNotContain(XSS).doesNotContain("<img");
            assertNoInlineCode(e.getKey(), e.getValue());
        }
        for (String shown : List.of("tracking page", "department page", "ops list", "ops detail")) {
            assertThat(pages.get(shown)).as(shown).contains(escaped);
        }
        assertThat(pages.get("tracking page with the question")).contains("질문 " + escaped);
    }

    // ---------------------------------------------------------------- personal data in logs

    @Order(90)
    @Test
    void theLogsOfARunHoldNoPersonalData() throws Exception {
        List<String> emails = new ArrayList<>();
        List<String> phones = List.of("010-7391-2846", "031-555-0192", "02-987-6543", "1588-7391");
        List<String> names = List.of("표지민", "오세린", "Ahn Minseo", "도하윤");
        for (int i = 0; i < 4; i++) {
            String email = "pii-" + UUID.randomUUID() + "@example.org";
            emails.add(email);
            int n = i;
            HttpResponse<String> r = postJson("/api/proposals", with(m -> {
                m.put("email", email);
                m.put("phone", phones.get(n));
                m.put("contactName", names.get(n));
                m.put("title", "개인정보 로그 점검 제안 " + n);
            }), nextClient(), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String id = JSON.readTree(r.body()).path("id").asString();
            allowedKeys.add(id);
            // the same again (duplicate), and once with a broken field (refused)
            postJson("/api/proposals", with(m -> {
                m.put("email", email);
                m.put("phone", phones.get(n));
                m.put("contactName", names.get(n));
                m.put("title", "개인정보 로그 점검 제안 " + n);
            }), nextClient(), null);
            postJson("/api/proposals", with(m -> {
                m.put("email", email + "\r\n");
                m.put("phone", phones.get(n) + "x");
                m.put("contactName", names.get(n) + "\u202E");
            }), nextClient(), null);
            // tracking with the right and a wrong e-mail
            String code = JSON.readTree(r.body()).path("trackingCode").asString();
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/proposals/" + code
                    + "?email=" + email)).GET().build(), HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/proposals/" + code
                    + "?email=x" + email)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        // through the form as well
        HttpClient b = browser();
        String formEmail = "pii-form-" + UUID.randomUUID() + "@example.org";
        emails.add(formEmail);
        Map<String, String> form = new LinkedHashMap<>(Map.of("_csrf", csrf(get(b, "/proposals/new").body()),
                "startedAt", Long.toString(clock.millis() - 60_000), "organization", "로그 점검 상회",
                "organizationType", "COMPANY", "contactName", "도하윤", "email", formEmail, "phone", "02-987-6543",
                "field", "", "title", "양식으로 보낸 개인정보 점검 제안"));
        form.put("content", "양식으로 접수한 제안의 개인정보가 로그에 남지 않는지 확인하는 내용입니다.");
        form.put("consent", "true");
        assertThat(postForm(b, "/proposals", form, nextClient()).statusCode()).isEqualTo(200);
        // an unreadable event that carries contact data
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("proposal.routed", fixtureId,
                    "{\"eventId\": " + emails.getFirst() + " " + phones.getFirst() + "}")).get();
        }
        // let the outbox publish and the consumer log
        Thread.sleep(2_000);

        List<String> lines = new ArrayList<>();
        synchronized (logs.list) {
            for (ILoggingEvent e : logs.list) {
                StringBuilder line = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                e.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
                lines.add(line.toString());
            }
        }
        assertThat(lines).as("log lines captured").isNotEmpty();
        assertThat(lines).anyMatch(l -> l.contains("accepted as SN-"));
        List<String> secrets = new ArrayList<>();
        secrets.addAll(emails);
        secrets.addAll(phones);
        secrets.addAll(phones.stream().map(p -> p.replace("-", "")).toList());
        secrets.addAll(names);
        secrets.addAll(List.of(fixtureEmail, "김서연", "김보안", "한가람", "02-1234-5678", "02-2133-1234"));
        Pattern hostileMail = Pattern.compile("(hostile|fixture|csrf)-[0-9a-f-]{36}@example\\.org");
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("personal data in a log line").doesNotContain(secret);
            }
            assertThat(hostileMail.matcher(line).find()).as("an e-mail address in: " + line).isFalse();
        }
    }
}
