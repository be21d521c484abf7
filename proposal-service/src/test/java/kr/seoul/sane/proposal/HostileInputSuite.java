package kr.seoul.sane.proposal;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.OrganizationType;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against every door of the service, one parameterised case per request. Each case must get a
 * clear 4xx (the {@code {errors:[{field, message}]}} body with a Korean message on the JSON APIs), never a 5xx;
 * nothing may be stored (documents counted before and after, the department fixture unchanged) and nothing may
 * be published (the Kafka topics are watched for the whole suite); the service stays healthy.
 *
 * <p>Runs as a {@code @Nested} class of {@link ProposalServiceIntegrationTest}, in its Spring context.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HostileInputSuite {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String XSS = "<img src=x onerror=alert(1)>";
    private static final AtomicInteger CLIENTS = new AtomicInteger(1);

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    LinkTokens links;
    @Autowired
    MutableClock clock;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /** A routed proposal (stored directly, so it published nothing) that department and tracking cases aim at. */
    String fixtureId;
    String fixtureCode;
    String fixtureEmail;
    String fixtureToken;
    String attachmentToken;
    String formCsrf;
    KafkaConsumer<String, String> published;
    final Set<String> allowedKeys = new HashSet<>();
    int cases;

    // ---------------------------------------------------------------- fixture and Kafka watch

    @BeforeAll
    void fixture() {
        mongo.findAll(org.bson.Document.class, "proposals").forEach(d -> allowedKeys.add(d.get("_id").toString()));
        Proposal p = hostileStoredProposal("정상 제목의 부서 확인용 제안", "김보안");
        fixtureId = p.getId();
        fixtureCode = p.getTrackingCode();
        fixtureEmail = p.getEmail();
        allowedKeys.add(fixtureId);
        fixtureToken = links.sign(fixtureId, "RESOURCE_CIRCULATION", Duration.ofDays(1));
        attachmentToken = links.signAttachment(new ObjectId().toHexString(), clock.instant().plusSeconds(3600));

        try {
            String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/proposals/new")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            formCsrf = EmbeddedInfrastructureTest.csrf(page);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "hostile-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        published = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = List.of(new TopicPartition("proposal.submitted", 0),
                new TopicPartition("proposal.status-changed", 0));
        published.assign(partitions);
        published.seekToEnd(partitions);
        partitions.forEach(published::position);
    }

    @AfterAll
    void closeConsumer() {
        if (published != null) {
            published.close();
        }
    }

    /** A proposal stored as if it had been accepted and routed; values may be anything (older data, imports). */
    Proposal hostileStoredProposal(String title, String contactName) {
        Proposal p = new Proposal();
        p.setId(new ObjectId().toHexString());
        p.setTrackingCode("SN-" + code4() + "-" + code4() + "-" + code4());
        p.setOrganization(title.contains("<") ? title : "보안 점검 협동조합");
        p.setOrganizationType(OrganizationType.NONPROFIT);
        p.setContactName(contactName);
        p.setEmail("fixture-" + UUID.randomUUID() + "@example.org");
        p.setEmailKey(p.getEmail());
        p.setPhone("02-2133-1234");
        p.setTitle(title);
        p.setContent(title + " — 내용: 공원 유휴부지를 활용한 시민 텃밭을 함께 운영하고 싶습니다.");
        p.setLanguage("ko");
        p.setChannel(kr.seoul.sane.proposal.model.Channel.API);
        Instant now = clock.instant();
        p.setSubmittedAt(now);
        p.setStatus(ProposalStatus.ROUTED);
        p.setDepartmentCode("RESOURCE_CIRCULATION");
        p.setDepartmentName(title.contains("<") ? title : "자원순환과");
        p.setRoutedAt(now.minusSeconds(30));
        p.setTimeline(new ArrayList<>(List.of(new TimelineEntry(ProposalStatus.SUBMITTED, now.minusSeconds(40), null),
                new TimelineEntry(ProposalStatus.ROUTED, now.minusSeconds(30), title.contains("<") ? title : null,
                        "ROUTING"))));
        mongo.insert(p);
        return p;
    }

    private static String code4() {
        String alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        StringBuilder b = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 4; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String nextClient() {
        int n = CLIENTS.incrementAndGet();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    // ---------------------------------------------------------------- the cases

    /** One hostile request and what it must get. {@code field} null = any field; "" = the error has no field. */
    record Case(String name, String method, String path, String contentType, byte[] body,
                Map<String, String> headers, Set<Integer> statuses, boolean json, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organization", "푸른지구 협동조합");
        m.put("organizationType", "NONPROFIT");
        m.put("contactName", "김서연");
        m.put("email", "hostile-" + UUID.randomUUID() + "@example.org");
        m.put("phone", "02-1234-5678");
        m.put("title", "병뚜껑 새활용 시민 캠페인");
        m.put("content", "동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분으로 만드는 캠페인을 함께 하고 싶습니다.");
        m.put("field", "ENVIRONMENT_PARKS");
        m.put("consent", true);
        m.put("language", "ko");
        return m;
    }

    static String with(Consumer<Map<String, Object>> change) {
        Map<String, Object> m = valid();
        change.accept(m);
        return JSON.writeValueAsString(m);
    }

    static Object raw(String json) {
        return JSON.readTree(json);
    }

    static Case api(String name, String body, int status, String field) {
        return new Case(name, "POST", "/api/proposals", "application/json",
                body.getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(status), true, field);
    }

    static Case apiBytes(String name, byte[] body, int status, String field) {
        return new Case(name, "POST", "/api/proposals", "application/json", body, Map.of(), Set.of(status), true, field);
    }

    static Case request(String name, String method, String path, String contentType, String body, boolean json,
                        Integer... statuses) {
        return new Case(name, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Map.of(), Set.of(statuses), json, null);
    }

    static final String[] TEXT_FIELDS = {"organization", "organizationType", "contactName", "email", "phone", "title",
            "content", "field", "language"};

    Stream<Case> hostileCases() {
        List<Case> c = new ArrayList<>();
        String validBody = with(m -> { });

        // --- malformed JSON and body shape
        c.add(api("empty body", "", 400, ""));
        c.add(api("whitespace body", "   \n ", 400, ""));
        c.add(api("JSON null", "null", 400, ""));
        c.add(api("JSON array", "[1,2]", 400, ""));
        c.add(api("JSON string", "\"제안\"", 400, ""));
        c.add(api("truncated JSON", validBody.substring(0, validBody.length() / 2), 400, ""));
        c.add(api("trailing garbage", validBody + " xyz", 400, ""));
        c.add(api("two objects", validBody + validBody, 400, ""));
        c.add(api("deeply nested arrays", "[".repeat(20_000) + "]".repeat(20_000), 400, ""));
        c.add(api("deeply nested value", "{\"organization\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000) + "}", 400, ""));
        c.add(api("duplicate key email", validBody.replace("\"language\":\"ko\"",
                "\"language\":\"ko\",\"email\":\"other@example.org\""), 400, ""));
        c.add(api("comments in JSON", validBody.replace("{", "{/* hi */"), 400, ""));
        c.add(api("single quotes", validBody.replace('"', '\''), 400, ""));
        c.add(api("NaN value", validBody.replace("\"consent\":true", "\"consent\":NaN"), 400, ""));
        c.add(api("unquoted keys", "{organization:\"x\"}", 400, ""));

        // --- sizes
        c.add(api("body over 64 KB", with(m -> m.put("content", "가".repeat(70_000))), 413, ""));
        c.add(apiBytes("body of 2 MB", ("{\"content\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8), 413, ""));
        c.add(api("organization 101 chars", with(m -> m.put("organization", "가".repeat(101))), 400, "organization"));
        c.add(api("contactName 51 chars", with(m -> m.put("contactName", "가".repeat(51))), 400, "contactName"));
        c.add(api("email 255 chars", with(m -> m.put("email", "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63)
                + "." + "d".repeat(60) + ".org")), 400, "email"));
        c.add(api("phone 30 chars", with(m -> m.put("phone", "010-1234-5678-1234-5678-12345")), 400, "phone"));
        c.add(api("title 201 chars", with(m -> m.put("title", "제".repeat(201))), 400, "title"));
        c.add(api("content 10,001 chars", with(m -> m.put("content", "내".repeat(10_001))), 400, "content"));

        // --- wrong types, for every field
        Object[] wrong = {123, List.of("COMPANY"), Map.of(), true, 1012345678L, List.of(), 12.5, Map.of("a", 1), List.of("ko")};
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            String f = TEXT_FIELDS[i];
            Object w = wrong[i];
            c.add(api("wrong type " + f + " = " + w, with(m -> m.put(f, w)), 400, f));
        }
        c.add(api("wrong type consent = \"true\"", with(m -> m.put("consent", "true")), 400, "consent"));
        c.add(api("wrong type consent = 1", with(m -> m.put("consent", 1)), 400, "consent"));
        c.add(api("consent = false", with(m -> m.put("consent", false)), 400, "consent"));

        // --- missing fields
        for (String f : new String[]{"organization", "organizationType", "contactName", "email", "phone", "title",
                "content", "consent"}) {
            c.add(api("missing " + f, with(m -> m.remove(f)), 400, f));
        }
        c.add(api("empty object", "{}", 400, null));

        // --- Unicode edge cases (NFD Korean is normalised and accepted: see nfdKoreanIsStoredAsNfc)
        c.add(api("zero-width space in contactName", with(m -> m.put("contactName", "김\u200B서연")), 400, "contactName"));
        c.add(api("BOM in organization", with(m -> m.put("organization", "\uFEFF푸른지구")), 400, "organization"));
        c.add(api("word joiner in title", with(m -> m.put("title", "병뚜껑\u2060새활용 캠페인")), 400, "title"));
        c.add(api("RLO bidi override in title", with(m -> m.put("title", "invoice \u202Efdp.exe 캠페인")), 400, "title"));
        c.add(api("bidi isolate in contactName", with(m -> m.put("contactName", "김\u2066서연")), 400, "contactName"));
        c.add(api("RLM mark in organization", with(m -> m.put("organization", "푸른\u200F지구")), 400, "organization"));
        c.add(api("lone high surrogate in title", validBody.replace("병뚜껑 새활용", "병뚜껑 \\ud800 새활용"), 400, "title"));
        c.add(api("lone low surrogate in content", validBody.replace("동네 카페", "동네 \\udc00 카페"), 400, "content"));
        c.add(apiBytes("invalid UTF-8 byte", concat(validBody.substring(0, 30).getBytes(StandardCharsets.UTF_8),
                new byte[]{(byte) 0xC3, (byte) 0x28}, validBody.substring(30).getBytes(StandardCharsets.UTF_8)), 400, ""));
        c.add(apiBytes("overlong UTF-8 encoding", concat("{\"title\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[]{(byte) 0xC0, (byte) 0xAF}, "\"}".getBytes(StandardCharsets.UTF_8)), 400, ""));
        c.add(api("null byte in title", with(m -> m.put("title", "병뚜껑\u0000새활용 캠페인")), 400, "title"));
        c.add(api("null byte in content", with(m -> m.put("content", m.get("content") + "\u0000")), 400, "content"));
        c.add(api("null byte in email", with(m -> m.put("email", "a\u0000b@example.org")), 400, "email"));
        c.add(api("null byte in language", with(m -> m.put("language", "ko\u0000")), 400, "language"));
        c.add(api("emoji in email", with(m -> m.put("email", "🙂@example.org")), 400, "email"));
        c.add(api("emoji in phone", with(m -> m.put("phone", "010-1234-56☎8")), 400, "phone"));
        c.add(api("tag characters in contactName", with(m -> m.put("contactName", "김\uDB40\uDC41서연")), 400, "contactName"));

        // --- HTML and script in every text field
        for (String f : TEXT_FIELDS) {
            String payload = switch (f) {
                case "email" -> "<script>@example.org";
                case "content" -> "좋은 제안입니다 " + XSS + " 함께 해 주세요 부탁드립니다";
                case "title" -> "제목 <script>alert(1)</script>";
                default -> XSS;
            };
            c.add(api("HTML in " + f, with(m -> m.put(f, payload)), 400, f));
        }
        c.add(api("svg onload in organization", with(m -> m.put("organization", "<svg/onload=alert(1)>")), 400, "organization"));

        // --- MongoDB operator injection
        c.add(api("$gt in organization", with(m -> m.put("organization", raw("{\"$gt\":\"\"}"))), 400, "organization"));
        c.add(api("$ne in email", with(m -> m.put("email", raw("{\"$ne\":null}"))), 400, "email"));
        c.add(api("$where in title", with(m -> m.put("title", raw("{\"$where\":\"sleep(5000)\"}"))), 400, "title"));
        c.add(api("$regex in contactName", with(m -> m.put("contactName", raw("{\"$regex\":\".*\"}"))), 400, "contactName"));
        c.add(api("$ne in consent", with(m -> m.put("consent", raw("{\"$ne\":false}"))), 400, "consent"));
        c.add(api("$in in field", with(m -> m.put("field", raw("{\"$in\":[\"ENVIRONMENT_PARKS\"]}"))), 400, "field"));
        c.add(api("top-level $where", with(m -> m.put("$where", "function(){return true}")), 400, ""));
        c.add(api("top-level $set", with(m -> m.put("$set", raw("{\"status\":\"COMPLETED\"}"))), 400, ""));
        c.add(api("dotted key", with(m -> m.put("timeline.0.status", "COMPLETED")), 400, ""));
        c.add(api("$ in nested key of a value", with(m -> m.put("organization", raw("{\"a.$b\":1}"))), 400, "organization"));

        // --- CR/LF in every single-line field (header injection in mails)
        for (String f : TEXT_FIELDS) {
            if (f.equals("content")) {
                continue; // content is multi-line by design
            }
            c.add(api("CRLF in " + f, with(m -> m.put(f, m.get(f) + "\r\nBcc: victim@example.net")), 400, f));
        }
        c.add(api("lone CR in title", with(m -> m.put("title", "병뚜껑\r새활용 캠페인")), 400, "title"));
        c.add(api("unicode line separator in title", with(m -> m.put("title", "병뚜껑\u2028Bcc: x@example.net")), 400, "title"));

        // --- the same rules on the HTML form (same validator): the form again with the error, nothing stored
        c.add(form("form: CRLF in title", m -> m.put("title", "병뚜껑 새활용\r\nBcc: victim@example.net")));
        c.add(form("form: CRLF in email", m -> m.put("email", "a@example.org\r\nBcc: victim@example.net")));
        c.add(form("form: HTML in contactName", m -> m.put("contactName", XSS)));
        c.add(form("form: script in content", m -> m.put("content", m.get("content") + "<script>alert(1)</script>")));
        c.add(form("form: NUL in organization", m -> m.put("organization", "푸른\u0000지구")));
        c.add(form("form: zero-width in contactName", m -> m.put("contactName", "김\u200B서연")));
        c.add(form("form: operator text as organizationType", m -> m.put("organizationType", "{\"$gt\":\"\"}")));
        c.add(form("form: title of 201 chars", m -> m.put("title", "제".repeat(201))));
        c.add(form("form: consent missing", m -> m.remove("consent")));

        // --- content types and headers
        c.add(request("text/plain", "POST", "/api/proposals", "text/plain", validBody, true, 415));
        c.add(request("application/xml", "POST", "/api/proposals", "application/xml", "<proposal/>", true, 415));
        c.add(request("form-urlencoded on the API", "POST", "/api/proposals", "application/x-www-form-urlencoded",
                "organization=x", true, 415));
        c.add(request("no content type", "POST", "/api/proposals", null, validBody, true, 415));
        c.add(request("multipart without boundary", "POST", "/api/proposals", "multipart/form-data", validBody, true, 400));
        c.add(request("multipart without proposal part", "POST", "/api/proposals", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--xyz--\r\n", true, 400));
        c.add(request("multipart with malformed part", "POST", "/api/proposals", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"proposal\"\r\n\r\n{\"a\":", true, 400));
        c.add(new Case("huge header (64 KB)", "POST", "/api/proposals", "application/json",
                validBody.getBytes(StandardCharsets.UTF_8), Map.of("X-Padding", "a".repeat(64 * 1024)),
                Set.of(400, 431), false, null));
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            many.put("X-Many-" + i, "v");
        }
        c.add(new Case("150 headers", "POST", "/api/proposals", "application/json",
                validBody.getBytes(StandardCharsets.UTF_8), many, Set.of(400, 431), false, null));
        c.add(new Case("Accept: text/html only", "POST", "/api/proposals", "application/json",
                validBody.replace("\"consent\":true", "\"consent\":false").getBytes(StandardCharsets.UTF_8),
                Map.of("Accept", "text/html"), Set.of(400, 406), false, null));

        // --- bad tracking codes
        c.add(request("tracking path traversal", "GET", "/api/proposals/..%2F..%2Fetc%2Fpasswd?email=a@b.org", null, null, true, 400));
        c.add(request("tracking dot segments", "GET", "/api/proposals/%2e%2e?email=a@b.org", null, null, true, 400, 404));
        c.add(request("tracking code of 5,000 chars", "GET", "/api/proposals/SN-" + "A".repeat(5_000) + "?email=a@b.org", null, null, true, 404));
        c.add(request("tracking SQL-ish code", "GET", "/api/proposals/SN-'%20OR%20'1'='1?email=a@b.org", null, null, true, 404));
        c.add(request("tracking operator as code", "GET", "/api/proposals/%7B%22$gt%22:%22%22%7D?email=a@b.org", null, null, true, 404));
        c.add(request("tracking regex as code", "GET", "/api/proposals/SN-.*?email=" + "x", null, null, true, 404));
        c.add(request("tracking semicolon", "GET", "/api/proposals/SN-AAAA;jsessionid=1?email=a@b.org", null, null, true, 400));
        c.add(request("tracking encoded null byte", "GET", "/api/proposals/SN-AAAA%00?email=a@b.org", null, null, true, 400, 404));
        c.add(request("tracking right code, wrong e-mail", "GET", "/api/proposals/{code}?email=other@example.org", null, null, true, 404));
        // '[' is not allowed in a query by Tomcat: refused before any URI is known, so the Korean error page
        c.add(request("tracking right code, email operator", "GET", "/api/proposals/{code}?email[$ne]=x", null, null, false, 400));
        c.add(request("tracking right code, email operator encoded", "GET", "/api/proposals/{code}?email%5B%24ne%5D=x", null, null, true, 404));
        c.add(request("answer with an array body", "POST", "/api/proposals/{code}/answer", "application/json", "[1]", true, 404));
        c.add(request("answer with a wrong type", "POST", "/api/proposals/{code}/answer", "application/json",
                "{\"email\":\"{email}\",\"answer\":{\"$gt\":\"\"}}", true, 400));
        c.add(request("answer when no question is open", "POST", "/api/proposals/{code}/answer", "application/json",
                "{\"email\":\"{email}\",\"answer\":\"답변\"}", true, 409));
        c.add(request("answer with broken JSON", "POST", "/api/proposals/{code}/answer", "application/json", "{\"email\":", true, 400));

        // --- forged or expired department links
        String[] badTokens = {
                "", "!!!", "a.b", "x".repeat(5_000),
                "{token}x", // tampered signature
                tamperPayload(fixtureToken, "DIGITAL_GOVERNMENT"),
                "{expired}", "{otherProposal}", "{attachmentToken}",
                fixtureToken.substring(0, fixtureToken.indexOf('.')) + ".", // no signature
        };
        String[] names = {"empty", "garbage", "two junk parts", "5,000 chars", "tampered signature",
                "payload changed, old signature", "expired", "another proposal's", "an attachment token",
                "missing signature"};
        for (int i = 0; i < badTokens.length; i++) {
            c.add(new Case("department API, token " + names[i], "POST", "/api/department/proposals/{id}/actions",
                    "application/json", ("{\"token\":\"" + badTokens[i] + "\",\"action\":\"ACCEPT\"}")
                    .getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(403), true, "token"));
        }
        c.add(new Case("department API, token as operator object", "POST", "/api/department/proposals/{id}/actions",
                "application/json", "{\"token\":{\"$ne\":\"\"},\"action\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), Set.of(403), true, "token"));
        c.add(new Case("department API, unknown action", "POST", "/api/department/proposals/{id}/actions",
                "application/json", "{\"token\":\"{token}\",\"action\":\"DELETE_ALL\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), Set.of(400), true, "action"));
        c.add(new Case("department API, note of wrong type", "POST", "/api/department/proposals/{id}/actions",
                "application/json", "{\"token\":\"{token}\",\"action\":\"DECLINE\",\"note\":{\"$gt\":\"\"}}"
                .getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(400), true, "note"));
        c.add(new Case("department API, operator action", "POST", "/api/department/proposals/{id}/actions",
                "application/json", "{\"token\":\"{token}\",\"action\":\"ANSWER\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), Set.of(400), true, "action"));
        c.add(new Case("department API, array body", "POST", "/api/department/proposals/{id}/actions",
                "application/json", "[]".getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(400, 403), true, null));
        c.add(new Case("department API, broken JSON", "POST", "/api/department/proposals/{id}/actions",
                "application/json", "{\"token\":".getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(400), true, ""));
        c.add(new Case("department API, path id traversal", "POST", "/api/department/proposals/..%2F..%2Fops/actions",
                "application/json", "{\"token\":\"{token}\",\"action\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), Set.of(400), true, null));
        c.add(new Case("department API, $where as id", "POST", "/api/department/proposals/$where/actions",
                "application/json", "{\"token\":\"{token}\",\"action\":\"ACCEPT\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), Set.of(403), true, "token"));
        c.add(request("department page, forged token", "GET", "/department/proposals/{id}?token=abc.def", null, null, false, 403));
        c.add(request("department page, expired token", "GET", "/department/proposals/{id}?token={expired}", null, null, false, 403));
        c.add(request("department page, attachment token", "GET", "/department/proposals/{id}?token={attachmentToken}", null, null, false, 403));
        c.add(request("department page, no token", "GET", "/department/proposals/{id}", null, null, false, 403));
        c.add(request("department form POST without CSRF", "POST", "/department/proposals/{id}/actions",
                "application/x-www-form-urlencoded", "token={token}&action=ACCEPT", false, 403));

        // --- attachment tokens
        c.add(request("attachment, forged token", "GET", "/attachments/" + new ObjectId() + "?token=abc.def", null, null, false, 403));
        c.add(request("attachment, department token", "GET", "/attachments/{id}?token={token}", null, null, false, 403));
        c.add(request("attachment, token of another file", "GET", "/attachments/" + new ObjectId() + "?token={attachmentToken}", null, null, false, 403));
        c.add(request("attachment, expired token", "GET", "/attachments/{expiredFile}", null, null, false, 403));
        c.add(request("attachment, id not an ObjectId", "GET", "/attachments/$where?token=abc", null, null, false, 403));

        // --- wrong HTTP methods
        c.add(request("PUT /api/proposals", "PUT", "/api/proposals", "application/json", validBody, true, 405));
        c.add(request("DELETE /api/proposals", "DELETE", "/api/proposals", null, null, true, 405));
        c.add(request("PATCH /api/proposals/{code}", "PATCH", "/api/proposals/{code}", "application/json", "{}", true, 405));
        c.add(request("DELETE /api/proposals/{code}", "DELETE", "/api/proposals/{code}?email={email}", null, null, true, 405));
        c.add(request("GET department actions", "GET", "/api/department/proposals/{id}/actions", null, null, true, 405));
        c.add(request("PUT department actions", "PUT", "/api/department/proposals/{id}/actions", "application/json", "{}", true, 405));
        c.add(request("TRACE /api/proposals", "TRACE", "/api/proposals", null, null, false, 405));
        c.add(request("DELETE /proposals page", "DELETE", "/proposals", null, null, false, 403, 405));
        return c.stream();
    }

    static Case form(String name, Consumer<Map<String, Object>> change) {
        Map<String, Object> m = valid();
        m.put("consent", "true");
        m.put("startedAt", Long.toString(MutableClock.START.toEpochMilli() - 60_000));
        change.accept(m);
        StringBuilder body = new StringBuilder("_csrf={csrf}");
        m.forEach((k, v) -> body.append('&').append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return new Case(name, "POST", "/proposals", "application/x-www-form-urlencoded",
                body.toString().getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(400), false, null);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String tamperPayload(String token, String department) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String[] fields = payload.split("\\|");
        fields[1] = department;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("|", fields)
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
    }

    String resolve(String s) {
        String otherProposal = links.sign(new ObjectId().toHexString(), "RESOURCE_CIRCULATION", Duration.ofDays(1));
        String expired = links.sign(fixtureId, "RESOURCE_CIRCULATION", clock.instant().minusSeconds(5), null);
        String fileId = new ObjectId().toHexString();
        return s.replace("{expiredFile}", fileId + "?token=" + links.signAttachment(fileId, clock.instant().minusSeconds(5)))
                .replace("{id}", fixtureId).replace("{code}", fixtureCode).replace("{email}", fixtureEmail)
                .replace("{token}", fixtureToken).replace("{csrf}", formCsrf).replace("{expired}", expired)
                .replace("{otherProposal}", otherProposal).replace("{attachmentToken}", attachmentToken);
    }

    record Snapshot(long proposals, long attachments, long recent, String fixture) {
    }

    Snapshot snapshot() {
        org.bson.Document f = mongo.findById(fixtureId, org.bson.Document.class, "proposals");
        return new Snapshot(mongo.getCollection("proposals").countDocuments(),
                mongo.getCollection("attachments").countDocuments(),
                mongo.getCollection("recent_submissions").countDocuments(),
                f.get("status") + "|" + f.get("stateVersion") + "|" + ((List<?>) f.get("timeline")).size() + "|"
                        + f.get("pendingEvents") + "|" + f.get("departmentCode"));
    }

    HttpResponse<String> send(Case c) throws Exception {
        String path = resolve(c.path());
        // raw bytes (broken UTF-8) must reach the server as they are; text bodies get the fixture's values
        byte[] body = c.body() == null || c.name().contains("UTF-8") ? c.body()
                : resolve(new String(c.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        if (c.method().equals("TRACE") || path.contains("%00") || path.contains(";")) {
            return rawRequest(c.method(), path, c.contentType(), body);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", nextClient());
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        c.headers().forEach(b::header);
        b.method(c.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** For requests the JDK client will not send as they are (TRACE, raw paths): HTTP/1.1 over a socket. */
    HttpResponse<String> rawRequest(String method, String path, String contentType, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nX-Forwarded-For: " + nextClient() + "\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** One HTTP/1.1 response, read up to its end (Content-Length, last chunk or close), not until the socket closes. */
    static HttpResponse<String> readResponse(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            String text = buffer.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            if (split >= 0) {
                String headers = text.substring(0, split);
                String lower = headers.toLowerCase(java.util.Locale.ROOT);
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length:\\s*(\\d+)").matcher(lower);
                byte[] all = buffer.toByteArray();
                int bodyStart = split + 4;
                boolean complete = length.find() ? all.length - bodyStart >= Integer.parseInt(length.group(1))
                        : lower.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
                if (complete) {
                    String body = new String(all, bodyStart, all.length - bodyStart, StandardCharsets.UTF_8);
                    if (lower.contains("transfer-encoding: chunked")) {
                        body = dechunk(body);
                    }
                    return new RawResponse(Integer.parseInt(headers.substring(9, 12)), body, headers);
                }
            }
            int n = in.read(chunk);
            if (n < 0) {
                String all = buffer.toString(StandardCharsets.UTF_8);
                int end = all.indexOf("\r\n\r\n");
                return new RawResponse(Integer.parseInt(all.substring(9, 12)), end < 0 ? "" : all.substring(end + 4),
                        end < 0 ? all : all.substring(0, end));
            }
            buffer.write(chunk, 0, n);
        }
    }

    static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        String rest = chunked;
        while (true) {
            int eol = rest.indexOf("\r\n");
            if (eol < 0) {
                return out.toString();
            }
            int size = Integer.parseInt(rest.substring(0, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            byte[] bytes = rest.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(bytes, 0, Math.min(size, bytes.length), StandardCharsets.UTF_8);
            out.append(chunk);
            rest = rest.substring(eol + 2 + chunk.length() + 2);
        }
    }

    record RawResponse(int statusCode, String body, String rawHeaders) implements HttpResponse<String> {
        public HttpRequest request() {
            return null;
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (String line : rawHeaders.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    map.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
                }
            }
            return java.net.http.HttpHeaders.of(map, (a, b) -> true);
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return null;
        }

        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    @Order(1)
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileCases")
    void hostileInputGetsAClear4xxAndChangesNothing(Case c) throws Exception {
        cases++;
        Snapshot before = snapshot();
        HttpResponse<String> response = send(c);
        int status = response.statusCode();
        assertThat(status).as(c.name() + " → " + response.body()).isLessThan(500);
        assertThat(c.statuses()).as(c.name() + " → " + status + " " + response.body()).contains(status);
        if (c.json()) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(c.name()).startsWith("application/json");
            JsonNode errors = JSON.readTree(response.body()).path("errors");
            assertThat(errors.isArray() && !errors.isEmpty()).as(c.name() + " → " + response.body()).isTrue();
            for (JsonNode e : errors) {
                assertThat(e.has("field") && e.has("message")).as(c.name()).isTrue();
                assertThat(e.path("message").asString()).as(c.name()).matches("(?s).*[가-힣].*");
            }
            if (c.field() != null) {
                List<String> fields = new ArrayList<>();
                errors.forEach(e -> fields.add(e.path("field").isNull() ? "" : e.path("field").asString()));
                assertThat(fields).as(c.name() + " → " + response.body()).contains(c.field());
            }
        } else if (c.path().equals("/proposals") && c.method().equals("POST")) {
            assertThat(response.body()).as(c.name()).contains("error-summary", "has-error")
                    .doesNotContain("<script>", "<img");
        } else if (status != 400 && status != 405 && status != 431) {
            // pages: a Korean page, never a stack trace
            assertThat(response.body()).as(c.name()).matches("(?s).*[가-힣].*");
        }
        assertThat(response.body()).as(c.name()).doesNotContain("Exception", "at kr.seoul", "at org.springframework");
        assertThat(snapshot()).as(c.name()).isEqualTo(before);
    }

    /** NFD Korean (as macOS and some editors send it) is normalised to NFC and accepted, in every text field. */
    @Order(2)
    @Test
    void nfdKoreanIsStoredAsNfc() throws Exception {
        String nfdOrganization = java.text.Normalizer.normalize("서울 협동조합 한글", java.text.Normalizer.Form.NFD);
        String nfdTitle = java.text.Normalizer.normalize("자모로 나뉜 한글 제목", java.text.Normalizer.Form.NFD);
        assertThat(nfdTitle).isNotEqualTo("자모로 나뉜 한글 제목");
        String body = with(m -> {
            m.put("organization", nfdOrganization);
            m.put("contactName", java.text.Normalizer.normalize("한가람", java.text.Normalizer.Form.NFD));
            m.put("title", nfdTitle);
            m.put("content", java.text.Normalizer.normalize(m.get("content") + " 🌱 이모지도 괜찮습니다.", java.text.Normalizer.Form.NFD));
        });
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = JSON.readTree(response.body()).path("id").asString();
        allowedKeys.add(id);
        Proposal p = mongo.findById(id, Proposal.class);
        assertThat(p.getTitle()).isEqualTo("자모로 나뉜 한글 제목");
        assertThat(p.getOrganization()).isEqualTo("서울 협동조합 한글");
        assertThat(p.getContactName()).isEqualTo("한가람");
        assertThat(p.getContent()).endsWith("🌱 이모지도 괜찮습니다.");
    }

    /** After the barrage: nothing was published for anything but the allowed keys. */
    @Order(3)
    @Test
    void nothingWasPublishedDuringTheBarrage() {
        assertThat(cases).as("hostile cases run").isGreaterThanOrEqualTo(60);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long until = System.currentTimeMillis() + 2_500;
        while (System.currentTimeMillis() < until) {
            published.poll(Duration.ofMillis(250)).forEach(records::add);
        }
        assertThat(records).as("records published during the hostile suite")
                .allSatisfy(r -> assertThat(allowedKeys).as(r.topic() + " " + r.key()).contains(r.key()));
    }

    /** At the very end, after the security checks as well: the service is healthy. */
    @Order(100)
    @Test
    void theServiceIsStillHealthy() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
    }
}
