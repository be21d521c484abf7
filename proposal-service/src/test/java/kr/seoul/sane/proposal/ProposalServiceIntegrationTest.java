package kr.seoul.sane.proposal;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import kr.seoul.sane.opssecurity.time.FixedDates;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.intake.SubmissionValidator;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.outbox.SubmittedEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service against a real (embedded) Kafka broker and an in-memory MongoDB wire server. */
@TestPropertySource(properties = {
        // the line per accepted proposal is DEBUG; tests below check its trace ids and that it holds no personal data
        "logging.level.kr.seoul.sane.proposal.intake.IntakeService=DEBUG",
        "platform.rate-limit-per-minute=5",
        "platform.form.min-fill-seconds=0",
        "platform.ops.metrics-interval-ms=300"})
@AutoConfigureTracing
class ProposalServiceIntegrationTest extends EmbeddedInfrastructureTest {

    static final AtomicInteger CLIENTS = new AtomicInteger(1);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    SubmittedEvents submittedEvents;
    @Autowired
    org.springframework.core.env.Environment environment;
    @Autowired
    LinkTokens links;
    @Autowired
    ErasureCodeCipher erasureCodes;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    // ---------------------------------------------------------------- helpers

    static String validJson(String email, String title) {
        return """
                {"organization":"푸른지구 협동조합","organizationType":"NONPROFIT","contactName":"김서연",
                 "email":"%s","phone":"02-1234-5678","title":"%s",
                 "content":"동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분과 생활용품으로 만드는 시민 참여 캠페인을 함께 추진하고 싶습니다.",
                 "field":"ENVIRONMENT_PARKS","consent":true,"language":"ko"}
                """.formatted(email, title);
    }

    static String uniqueEmail() {
        return "applicant-" + UUID.randomUUID() + "@example.org";
    }

    static String nextClient() {
        return "10.0.0." + CLIENTS.incrementAndGet();
    }

    HttpResponse<String> postJson(String body, String client) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    KafkaConsumer<String, String> consumer(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    static ConsumerRecord<String, String> awaitRecord(KafkaConsumer<String, String> consumer, String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    // ---------------------------------------------------------------- intake + outbox

    @Test
    void aSubmittedProposalIsPublishedWithItsIdAsKeyAndConformsToTheContract() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer("proposal.submitted")) {
            String email = uniqueEmail();
            HttpResponse<String> response = postJson(validJson(email, "폐플라스틱 병뚜껑 새활용 시민 캠페인"), nextClient());
            assertThat(response.statusCode()).isEqualTo(201);
            JsonNode body = JSON.readTree(response.body());
            String id = body.path("id").asString();
            assertThat(body.path("trackingCode").asString()).matches("SN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");
            assertThat(body.path("status").asString()).isEqualTo("SUBMITTED");

            ConsumerRecord<String, String> record = awaitRecord(consumer, id);
            EventContracts.assertConforms("proposal.submitted", record.value());
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.path("proposalId").asString()).isEqualTo(id);
            assertThat(event.path("payload").path("proposal").path("email").asString()).isEqualTo(email);
            assertThat(event.path("payload").path("proposal").path("trackingCode").asString())
                    .isEqualTo(body.path("trackingCode").asString());

            await().atMost(Duration.ofSeconds(5)).until(() -> stored(id).getPendingEvents().isEmpty());
        }
        // that the event is cleared only after the broker acknowledged it: outbox/OutboxRelayTest
    }

    /**
     * One trace from the HTTP POST to Kafka: the relay publishes later, on another thread, within the trace of
     * the request that created the pending event. With a caller's traceparent the trace is the caller's; without
     * one the service starts it, and the log line of the acceptance names the same trace id as the event.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void thePublishedEventContinuesTheTraceOfTheSubmittingRequest(CapturedOutput output) throws Exception {
        Pattern correlation = Pattern.compile("\\[([0-9a-f]{32})-([0-9a-f]{16})]");
        try (KafkaConsumer<String, String> consumer = consumer("proposal.submitted")) {
            String callersTrace = "5c2f1e0d9b8a76543210fedcba987654";
            HttpResponse<String> traced = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", nextClient())
                    .header("traceparent", "00-" + callersTrace + "-1111111111111111-01")
                    .POST(HttpRequest.BodyPublishers.ofString(validJson(uniqueEmail(), "골목 화단 가꾸기 주민 모임")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(traced.statusCode()).isEqualTo(201);
            String tracedId = JSON.readTree(traced.body()).path("id").asString();

            HttpResponse<String> untraced = postJson(validJson(uniqueEmail(), "한강 공원 쓰레기 줍기 걷기 모임"),
                    nextClient());
            assertThat(untraced.statusCode()).isEqualTo(201);
            String untracedId = JSON.readTree(untraced.body()).path("id").asString();
            String acceptance = output.getOut().lines()
                    .filter(line -> line.contains("proposal " + untracedId + " accepted"))
                    .findFirst().orElseThrow();
            Matcher logged = correlation.matcher(acceptance);
            assertThat(logged.find()).as("trace and span ids in %s", acceptance).isTrue();
            String startedTrace = logged.group(1);
            assertThat(startedTrace).isNotEqualTo(callersTrace);
            assertThat(output.getOut().lines().filter(line -> line.contains("proposal " + tracedId + " accepted")))
                    .singleElement().asString().contains("[" + callersTrace + "-");

            Map<String, String> expectedTraces = Map.of(tracedId, callersTrace, untracedId, startedTrace);
            Map<String, ConsumerRecord<String, String>> published = new java.util.HashMap<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (expectedTraces.containsKey(r.key())) {
                        published.put(r.key(), r);
                    }
                });
                return published.size() == expectedTraces.size();
            });
            for (Map.Entry<String, String> expected : expectedTraces.entrySet()) {
                ConsumerRecord<String, String> record = published.get(expected.getKey());
                EventContracts.assertConforms("proposal.submitted", record.value());
                assertThat(JSON.readTree(record.value()).path("traceparent").asString())
                        .startsWith("00-" + expected.getValue() + "-");
                Header header = record.headers().lastHeader("traceparent");
                assertThat(header).as("traceparent header of %s", expected.getKey()).isNotNull();
                assertThat(new String(header.value(), StandardCharsets.UTF_8))
                        .startsWith("00-" + expected.getValue() + "-");
            }
        }
    }

    @Test
    void aPendingEventLeftInTheDatabaseIsPublishedByTheSweep() throws Exception {
        // a proposal as a crashed instance would leave it: stored with its event, never published
        Proposal p = new Proposal();
        p.setId(new org.bson.types.ObjectId().toHexString());
        p.setTrackingCode("SN-TEST-SWEE-P" + (char) ('A' + CLIENTS.incrementAndGet() % 20) + "2");
        p.setOrganization("재시작 테스트 기관");
        p.setOrganizationType(kr.seoul.sane.proposal.model.OrganizationType.COMPANY);
        p.setContactName("이민준");
        p.setEmail("restart@example.org");
        p.setEmailKey("restart@example.org");
        p.setPhone("010-1234-5678");
        p.setTitle("재시작 뒤에도 발행되는 제안");
        p.setContent("브로커가 응답하지 않던 사이에 접수된 제안도 빠짐없이 전달되어야 합니다.");
        p.setLanguage("ko");
        p.setSubmittedAt(clock.instant().minusSeconds(30));
        p.setStatus(kr.seoul.sane.proposal.model.ProposalStatus.SUBMITTED);
        PendingEvent event = submittedEvents.of(p, p.getSubmittedAt());
        p.setPendingEvents(new ArrayList<>(List.of(event)));
        try (KafkaConsumer<String, String> consumer = consumer("proposal.submitted")) {
            mongo.insert(p);
            ConsumerRecord<String, String> record = awaitRecord(consumer, p.getId());
            EventContracts.assertConforms("proposal.submitted", record.value());
            assertThat(JSON.readTree(record.value()).path("eventId").asString()).isEqualTo(event.eventId());
            await().atMost(Duration.ofSeconds(5)).until(() -> stored(p.getId()).getPendingEvents().isEmpty());
        }
    }

    @Test
    void invalidSubmissionsGetFieldErrorsAndStoreNothing() throws Exception {
        long before = mongo.count(new Query(), Proposal.class);
        String valid = validJson(uniqueEmail(), "잘못된 입력을 거르는 제안 제목");
        Map<String, String> cases = Map.of(
                "organization", valid.replace("\"푸른지구 협동조합\"", "{\"$gt\":\"\"}"),
                "organizationType", valid.replace("NONPROFIT", "GOVERNMENT"),
                "phone", valid.replace("02-1234-5678", "12345"),
                "email", valid.replace("@example.org", "example.org"),
                "title", valid.replace("\"title\":\"잘못된 입력을 거르는 제안 제목\"", "\"title\":\"  짧음 \""),
                "consent", valid.replace("\"consent\":true", "\"consent\":\"true\""),
                "field", valid.replace("ENVIRONMENT_PARKS", "GARDENING"),
                "content", valid.replace("\"content\":\"", "\"content\":\"<script>alert(1)</script>"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = postJson(c.getValue(), nextClient());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode errors = JSON.readTree(response.body()).path("errors");
            assertThat(errors.size()).as(c.getKey()).isEqualTo(1);
            assertThat(errors.get(0).path("field").asString()).isEqualTo(c.getKey());
            assertThat(errors.get(0).path("message").asString()).matches(".*[가-힣].*");
        }
        HttpResponse<String> malformed = postJson("{\"organization\": \"abc\",", nextClient());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("errors").get(0).path("message").asString()).contains("JSON");

        HttpResponse<String> notAnObject = postJson("[1,2]", nextClient());
        assertThat(notAnObject.statusCode()).isEqualTo(400);

        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                .header("Content-Type", "text/plain").header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(wrongType.body()).path("errors").isArray()).isTrue();

        HttpResponse<String> tooLong = postJson(valid.replace("\"content\":\"", "\"content\":\"" + "가".repeat(10_001)),
                nextClient());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).path("errors").get(0).path("field").asString()).isEqualTo("content");
        HttpResponse<String> oversized = postJson(valid.replace("\"content\":\"", "\"content\":\"" + "x".repeat(100_000)),
                nextClient());
        assertThat(oversized.statusCode()).isEqualTo(413);

        HttpResponse<String> empty = postJson("", nextClient());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(mongo.count(new Query(), Proposal.class)).isEqualTo(before);
    }

    @Test
    void theSameProposalTwiceWithin24HoursReturnsTheFirst() throws Exception {
        String email = uniqueEmail();
        JsonNode first = JSON.readTree(postJson(validJson(email, "어르신 디지털 교육 봉사 협력"), nextClient()).body());
        String almostSame = validJson(email.toUpperCase(), "어르신  디지털 교육 봉사 협력!")
                .replace("함께 추진하고 싶습니다.", "함께  추진하고 싶습니다");
        HttpResponse<String> second = postJson(almostSame, nextClient());
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(second.body());
        assertThat(body.path("duplicate").asBoolean()).isTrue();
        assertThat(body.path("id").asString()).isEqualTo(first.path("id").asString());
        assertThat(body.path("trackingCode").asString()).isEqualTo(first.path("trackingCode").asString());
        assertThat(mongo.count(Query.query(Criteria.where("emailKey").is(email.toLowerCase())), Proposal.class))
                .isEqualTo(1);
    }

    @Test
    void tooManySubmissionsFromOneClientGet429WithRetryAfter() throws Exception {
        String client = "192.0.2.77";
        int created = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = postJson(validJson(uniqueEmail(), "요청 제한 확인용 제안 " + i), client);
            if (last.statusCode() == 201) {
                created++;
            }
        }
        assertThat(created).isEqualTo(5);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(last.body()).path("errors").get(0).path("message").asString()).contains("다시 시도");
    }

    // ---------------------------------------------------------------- tracking + consumed events

    @Test
    void trackingNeedsTheRightEmailAndShowsTheDepartmentOnceRouted() throws Exception {
        String email = uniqueEmail();
        JsonNode receipt = JSON.readTree(postJson(validJson(email, "병뚜껑 모으기 캠페인 협력"), nextClient()).body());
        String id = receipt.path("id").asString();
        String code = receipt.path("trackingCode").asString();

        HttpResponse<String> wrong = get("/api/proposals/" + code + "?email=someone-else@example.org");
        HttpResponse<String> unknown = get("/api/proposals/SN-2222-3333-4444?email=" + email);
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrong.body()).isEqualTo(unknown.body());

        JsonNode before = JSON.readTree(get("/api/proposals/" + code + "?email=" + email.toUpperCase()).body());
        assertThat(before.path("status").asString()).isEqualTo("SUBMITTED");
        assertThat(before.path("departmentCode").isNull()).isTrue();
        assertThat(before.path("suggestions").path("cases").isArray()).isTrue();

        String routed = EventContracts.example("proposal.routed").replace("6741a3f2c9e77b1d2a5f0c11", id);
        send("proposal.routed", id, routed);
        send("proposal.routed", id, routed); // redelivery changes nothing
        String suggested = EventContracts.example("catalog.suggested").replace("6741a3f2c9e77b1d2a5f0c11", id);
        send("catalog.suggested", id, suggested);

        await().atMost(Duration.ofSeconds(15)).until(() -> stored(id).getSuggestions().cases().size() == 1
                && "RESOURCE_CIRCULATION".equals(stored(id).getDepartmentCode()));
        JsonNode after = JSON.readTree(get("/api/proposals/" + code + "?email=" + email).body());
        assertThat(after.path("status").asString()).isEqualTo("ROUTED");
        assertThat(after.path("departmentName").asString()).isEqualTo("자원순환과");
        assertThat(after.path("timeline").size()).isEqualTo(2);
        assertThat(after.path("suggestions").path("institutions").get(0).path("homepage").asString())
                .startsWith("https://");

        // a triage decision that arrives late must not pull a routed proposal back
        String triaged = EventContracts.example("proposal.triaged").replace("6741a3f2c9e77b1d2a5f0c11", id);
        send("proposal.triaged", id, triaged);
        Thread.sleep(500);
        assertThat(stored(id).getStatus().name()).isEqualTo("ROUTED");
    }

    @Test
    void aTriagedProposalShowsTriage() throws Exception {
        JsonNode receipt = JSON.readTree(postJson(validJson(uniqueEmail(), "분야가 애매한 협력 제안"), nextClient()).body());
        String id = receipt.path("id").asString();
        send("proposal.triaged", id,
                EventContracts.example("proposal.triaged").replace("6741a3f2c9e77b1d2a5f0c11", id));
        await().atMost(Duration.ofSeconds(15)).until(() -> "TRIAGE".equals(stored(id).getStatus().name()));
    }

    // ---------------------------------------------------------------- ops + health

    @Test
    void opsListNeedsTheOperator() throws Exception {
        postJson(validJson(uniqueEmail(), "운영자 목록에 보이는 제안"), nextClient());
        HttpResponse<String> anonymous = get("/api/ops/proposals");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("errors").isArray()).isTrue();

        String auth = "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/ops/proposals?status=SUBMITTED&page=0&size=2"))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(listed.body());
        assertThat(body.path("total").asLong()).isPositive();
        assertThat(body.path("items").size()).isBetween(1, 2);
        assertThat(body.path("items").get(0).path("trackingCode").asString()).startsWith("SN-");
    }

    @Test
    void healthAndMetricsAreOpen() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        postJson(validJson(uniqueEmail(), "지표에 잡히는 제안 하나"), nextClient());
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("sane_proposals_submitted_total{", "channel=\"api\"",
                "sane_outbox_pending", "sane_outbox_oldest_age_seconds", "sane_proposals_triage_backlog",
                "sane_proposals_overdue{", "department=\"RESOURCE_CIRCULATION\"");
    }

    // ---------------------------------------------------------------- pages

    HttpResponse<String> postForm(String path, Map<String, String> form, String client) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFormIsKoreanAndASubmissionShowsTheTrackingCode() throws Exception {
        HttpResponse<String> page = get("/proposals/new");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"ko\"", "협력신청", "기관·단체명", "잘 모르겠어요",
                "개인정보 수집·이용 동의", "보유 기간", "동의 거부 권리", "href=\"/assets/site.css\"", "본문 바로가기");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        String token = csrf(page.body());
        String startedAt = Long.toString(clock.millis() - 60_000);

        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of(
                "_csrf", token, "startedAt", startedAt, "website", "",
                "organization", "서울 나눔 상회", "organizationType", "COMPANY", "contactName", "박지훈",
                "email", uniqueEmail(), "phone", "010-2345-6789", "field", ""));
        form.put("title", "");
        form.put("content", "짧은 내용");
        HttpResponse<String> invalid = postForm("/proposals", form, nextClient());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("error-summary", "href=\"#title\"", "제목을(를) 입력해 주세요",
                "value=\"서울 나눔 상회\"", "aria-invalid=\"true\"", "개인정보 수집·이용에 동의해야");

        form.put("title", "골목 상점과 함께하는 나눔 냉장고");
        form.put("content", "동네 상점의 남는 식재료를 나눔 냉장고로 모아 이웃과 나누는 사업을 서울시와 함께 하고 싶습니다.");
        form.put("consent", "true");
        HttpResponse<String> receipt = postForm("/proposals", form, nextClient());
        assertThat(receipt.statusCode()).isEqualTo(200);
        Matcher code = Pattern.compile("(SN-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})").matcher(receipt.body());
        assertThat(code.find()).as(receipt.body()).isTrue();
        Proposal stored = mongo.findOne(Query.query(Criteria.where("trackingCode").is(code.group(1))), Proposal.class);
        assertThat(stored.getChannel().name()).isEqualTo("WEB");
        assertThat(stored.isSuspicious()).isFalse();

        HttpResponse<String> trackPage = get("/track?code=" + code.group(1));
        HttpResponse<String> tracked = postForm("/track", Map.of("_csrf", csrf(trackPage.body()),
                "code", code.group(1), "email", form.get("email")), nextClient());
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(tracked.body()).contains("골목 상점과 함께하는 나눔 냉장고", "아직 배정되지 않았습니다");
    }

    @Test
    void aFilledHoneypotIsFlaggedNotRejected() throws Exception {
        String token = csrf(get("/proposals/new").body());
        String email = uniqueEmail();
        HttpResponse<String> receipt = postForm("/proposals", Map.of("_csrf", token, "website", "http://spam.example",
                "organization", "스팸 봇", "organizationType", "COMPANY", "contactName", "봇",
                "email", email, "phone", "02-123-4567", "title", "광고성 제목 입니다",
                "content", "이 내용은 자동으로 채워진 광고성 문장으로 사람이 쓰지 않았습니다.", "consent", "true"), nextClient());
        assertThat(receipt.statusCode()).isEqualTo(200);
        Proposal stored = mongo.findOne(Query.query(Criteria.where("emailKey").is(email)), Proposal.class);
        assertThat(stored.isSuspicious()).isTrue();
        assertThat(stored.getSuspicionReasons()).contains("HONEYPOT", "FILL_TIME");
    }

    @Test
    void englishIsChosenWithLangAndRemembered() throws Exception {
        HttpResponse<String> english = get("/?lang=en");
        assertThat(english.body()).contains("<html lang=\"en\"", "Propose a cooperation project with Seoul");
        HttpResponse<String> next = get("/proposals/new");
        assertThat(next.body()).contains("<html lang=\"en\"", "I am not sure");
        HttpResponse<String> back = get("/?lang=ko");
        assertThat(back.body()).contains("<html lang=\"ko\"");
        HttpResponse<String> css = get("/assets/site.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    }

    // ---------------------------------------------------------------- department actions, lifecycle, applicant answer

    /** Submits a proposal and routes it to RESOURCE_CIRCULATION; returns {id, trackingCode, email}. */
    String[] routedProposal(String title) throws Exception {
        String email = uniqueEmail();
        JsonNode receipt = JSON.readTree(postJson(validJson(email, title), nextClient()).body());
        String id = receipt.path("id").asString();
        send("proposal.routed", id, EventContracts.example("proposal.routed")
                .replace("6741a3f2c9e77b1d2a5f0c11", id)
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(15)).until(() -> "ROUTED".equals(stored(id).getStatus().name()));
        return new String[]{id, receipt.path("trackingCode").asString(), email};
    }

    HttpResponse<String> departmentAction(String id, String token, String action, String note, String department)
            throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("token", token);
        body.put("action", action);
        body.put("note", note);
        body.put("departmentCode", department);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/department/proposals/" + id + "/actions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<ConsumerRecord<String, String>> awaitRecords(KafkaConsumer<String, String> consumer, String key,
                                                             int count, List<ConsumerRecord<String, String>> found) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
            return found.size() >= count;
        });
        return found;
    }

    @Test
    void aDepartmentActsThroughItsSignedLinkAndEachChangeIsPublished() throws Exception {
        String[] p = routedProposal("공원 유휴부지 시민 텃밭 협력");
        String id = p[0];
        String token = links.sign(id, "RESOURCE_CIRCULATION", Duration.ofDays(30));
        List<ConsumerRecord<String, String>> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("proposal.status-changed")) {
            // the GET only shows: content, organisation, contact, status and the POST-only forms
            HttpResponse<String> page = get("/department/proposals/" + id + "?token=" + token);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("공원 유휴부지 시민 텃밭 협력", "푸른지구 협동조합", "김서연", "02-1234-5678",
                    "부서 배정", "수락하기", "반려 사유", "이송할 부서", "추가정보 요청하기", "method=\"post\"");
            assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            assertThat(stored(id).getStatus().name()).isEqualTo("ROUTED");

            // a form POST without the CSRF token changes nothing
            HttpResponse<String> noCsrf = postForm("/department/proposals/" + id + "/actions",
                    Map.of("token", token, "action", "ACCEPT"), nextClient());
            assertThat(noCsrf.statusCode()).isEqualTo(403);
            // a decline without a reason is refused next to the field
            HttpResponse<String> noReason = postForm("/department/proposals/" + id + "/actions",
                    Map.of("_csrf", csrf(page.body()), "token", token, "action", "DECLINE", "note", " "), nextClient());
            assertThat(noReason.statusCode()).isEqualTo(400);
            assertThat(noReason.body()).contains("반려 사유를 입력해 주세요", "aria-invalid=\"true\"");
            assertThat(stored(id).getStatus().name()).isEqualTo("ROUTED");

            // ask the applicant (JSON variant)
            HttpResponse<String> asked = departmentAction(id, token, "REQUEST_INFO", "예상 참여 인원과 운영 기간을 알려 주세요.", null);
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
            assertThat(JSON.readTree(asked.body()).path("status").asString()).isEqualTo("INFO_REQUESTED");
            assertThat(JSON.readTree(get("/api/proposals/" + p[1] + "?email=" + p[2]).body()).path("question")
                    .asString()).isEqualTo("예상 참여 인원과 운영 기간을 알려 주세요.");

            // the applicant sees the question on the tracking page and answers it there
            HttpResponse<String> trackPage = get("/track?code=" + p[1]);
            HttpResponse<String> tracked = postForm("/track", Map.of("_csrf", csrf(trackPage.body()),
                    "code", p[1], "email", p[2]), nextClient());
            assertThat(tracked.body()).contains("예상 참여 인원과 운영 기간을 알려 주세요.", "name=\"answer\"");
            HttpResponse<String> empty = postForm("/track/answer", Map.of("_csrf", csrf(tracked.body()),
                    "code", p[1], "email", p[2], "answer", ""), nextClient());
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("답변 내용을 입력해 주세요");
            HttpResponse<String> wrongMail = postForm("/track/answer", Map.of("_csrf", csrf(tracked.body()),
                    "code", p[1], "email", "other@example.org", "answer", "엉뚱한 사람의 답변"), nextClient());
            assertThat(wrongMail.statusCode()).isEqualTo(404);
            HttpResponse<String> answered = postForm("/track/answer", Map.of("_csrf", csrf(tracked.body()),
                    "code", p[1], "email", p[2], "answer", "주민 40명이 6개월 동안 운영합니다."), nextClient());
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("답변을 보냈습니다", "주민 40명이 6개월 동안 운영합니다.");
            assertThat(stored(id).getStatus().name()).isEqualTo("IN_REVIEW");

            // accept with the page form (CSRF-protected), then discussion and completion
            HttpResponse<String> again = get("/department/proposals/" + id + "?token=" + token);
            HttpResponse<String> accepted = postForm("/department/proposals/" + id + "/actions",
                    Map.of("_csrf", csrf(again.body()), "token", token, "action", "ACCEPT", "note", "함께 하겠습니다."),
                    nextClient());
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).contains("제안을 수락했습니다", "협의 시작하기");

            // an illegal transition: 409 with a Korean message, nothing changes
            long version = stored(id).getStateVersion();
            HttpResponse<String> illegal = departmentAction(id, token, "DECLINE", "늦은 반려", null);
            assertThat(illegal.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(illegal.body()).path("errors").get(0).path("message").asString())
                    .contains("지금 상태(수락)", "할 수 없습니다");
            assertThat(stored(id).getStateVersion()).isEqualTo(version);

            assertThat(departmentAction(id, token, "START_DISCUSSION", null, null).statusCode()).isEqualTo(200);
            assertThat(departmentAction(id, token, "COMPLETE", "협력을 마쳤습니다.", null).statusCode()).isEqualTo(200);

            awaitRecords(consumer, id, 5, events);
        }
        List<String> statuses = new ArrayList<>();
        for (ConsumerRecord<String, String> r : events) {
            EventContracts.assertConforms("proposal.status-changed", r.value());
            statuses.add(JSON.readTree(r.value()).path("payload").path("status").asString());
        }
        assertThat(statuses).containsExactly("INFO_REQUESTED", "IN_REVIEW", "ACCEPTED", "IN_DISCUSSION", "COMPLETED");
        JsonNode info = JSON.readTree(events.get(0).value()).path("payload");
        assertThat(info.path("previousStatus").asString()).isEqualTo("ROUTED");
        assertThat(info.path("actor").asString()).isEqualTo("DEPARTMENT");
        assertThat(info.path("departmentCode").asString()).isEqualTo("RESOURCE_CIRCULATION");
        assertThat(info.path("trackingCode").asString()).isEqualTo(p[1]);
        JsonNode answer = JSON.readTree(events.get(1).value()).path("payload");
        assertThat(answer.path("actor").asString()).isEqualTo("APPLICANT");
        assertThat(answer.path("note").asString()).isEqualTo("주민 40명이 6개월 동안 운영합니다.");

        await().atMost(Duration.ofSeconds(5)).until(() -> stored(id).getPendingEvents().isEmpty());
        JsonNode tracked = JSON.readTree(get("/api/proposals/" + p[1] + "?email=" + p[2]).body());
        assertThat(tracked.path("status").asString()).isEqualTo("COMPLETED");
        JsonNode timeline = tracked.path("timeline");
        assertThat(timeline.size()).isEqualTo(7);
        assertThat(timeline.get(3).path("actor").asString()).isEqualTo("APPLICANT");
        assertThat(timeline.get(2).path("note").asString()).isEqualTo("예상 참여 인원과 운영 기간을 알려 주세요.");
    }

    @Test
    void forgedExpiredAndForeignLinksAreRefusedAndChangeNothing() throws Exception {
        String[] p = routedProposal("가로수 그늘 쉼터 조성 협력");
        String id = p[0];
        String valid = links.sign(id, "RESOURCE_CIRCULATION", Duration.ofDays(30));
        String forged = new LinkTokens("not the platform secret".getBytes(StandardCharsets.UTF_8),
                clock).sign(id, "RESOURCE_CIRCULATION", Duration.ofDays(30));
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (id + "|CLIMATE|" + clock.instant().plusSeconds(3600).getEpochSecond()).getBytes(StandardCharsets.UTF_8))
                + valid.substring(valid.indexOf('.'));
        String expired = links.sign(id, "RESOURCE_CIRCULATION", clock.instant().minusSeconds(5), null);
        String otherDepartment = links.sign(id, "CLIMATE", Duration.ofDays(30));
        String otherProposal = links.sign(new org.bson.types.ObjectId().toHexString(), "RESOURCE_CIRCULATION",
                Duration.ofDays(30));
        String acceptOnly = links.sign(id, "RESOURCE_CIRCULATION", clock.instant().plusSeconds(3600),
                java.util.Set.of(kr.seoul.sane.proposal.lifecycle.Action.ACCEPT));
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("forged", forged);
        refused.put("tampered", tampered);
        refused.put("expired", expired);
        refused.put("other department", otherDepartment);
        refused.put("other proposal", otherProposal);
        refused.put("garbage", "not-a-token");
        for (Map.Entry<String, String> t : refused.entrySet()) {
            HttpResponse<String> page = get("/department/proposals/" + id + "?token="
                    + URLEncoder.encode(t.getValue(), StandardCharsets.UTF_8));
            assertThat(page.statusCode()).as(t.getKey()).isEqualTo(403);
            assertThat(page.body()).as(t.getKey()).contains("이 링크로는 제안을 열 수 없습니다", "아무것도 바뀌지 않았습니다")
                    .doesNotContain("김서연");
            HttpResponse<String> api = departmentAction(id, t.getValue(), "ACCEPT", null, null);
            assertThat(api.statusCode()).as(t.getKey()).isEqualTo(403);
            assertThat(JSON.readTree(api.body()).path("errors").get(0).path("message").asString()).matches(".*[가-힣].*");
        }
        assertThat(get("/department/proposals/" + id + "?token=" + expired).body()).contains("유효 기간이 지났습니다");
        assertThat(get("/department/proposals/" + id).statusCode()).isEqualTo(403);
        assertThat(departmentAction(id, acceptOnly, "DECLINE", "사유", null).statusCode()).isEqualTo(403);
        Proposal unchanged = stored(id);
        assertThat(unchanged.getStatus().name()).isEqualTo("ROUTED");
        assertThat(unchanged.getTimeline()).hasSize(2);

        // transfer: status-changed carries the target department; the routing that follows retires the old link
        try (KafkaConsumer<String, String> consumer = consumer("proposal.status-changed")) {
            HttpResponse<String> noTarget = departmentAction(id, valid, "TRANSFER", "기후 분야 소관입니다.", null);
            assertThat(noTarget.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(noTarget.body()).path("errors").get(0).path("field").asString())
                    .isEqualTo("departmentCode");
            HttpResponse<String> transferred = departmentAction(id, valid, "TRANSFER", "기후 분야 소관입니다.", "CLIMATE");
            assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(200);
            ConsumerRecord<String, String> record = awaitRecord(consumer, id);
            EventContracts.assertConforms("proposal.status-changed", record.value());
            JsonNode payload = JSON.readTree(record.value()).path("payload");
            assertThat(payload.path("status").asString()).isEqualTo("TRANSFERRED");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("CLIMATE");
            assertThat(payload.path("note").asString()).isEqualTo("기후 분야 소관입니다.");
        }
        assertThat(departmentAction(id, valid, "ACCEPT", null, null).statusCode()).isEqualTo(409);
        send("proposal.routed", id, EventContracts.example("proposal.routed")
                .replace("6741a3f2c9e77b1d2a5f0c11", id)
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString())
                .replace("2026-11-23T09:15:31Z", clock.instant().toString())
                .replace("\"departmentCode\": \"RESOURCE_CIRCULATION\"", "\"departmentCode\": \"CLIMATE\"")
                .replace("자원순환과", "기후환경정책과")
                .replace("\"routedBy\": \"AUTO\"", "\"routedBy\": \"TRANSFER\""));
        await().atMost(Duration.ofSeconds(15)).until(() -> "CLIMATE".equals(stored(id).getDepartmentCode()));
        assertThat(stored(id).getStatus().name()).isEqualTo("ROUTED");
        assertThat(departmentAction(id, valid, "ACCEPT", null, null).statusCode()).isEqualTo(403);
        assertThat(departmentAction(id, otherDepartment, "ACCEPT", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void languageFollowsLangThenCookieThenAcceptLanguage() throws Exception {
        HttpClient fresh = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        java.util.function.Function<String, HttpRequest> english = path -> HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("Accept-Language", "en-US,en;q=0.9").GET().build();
        assertThat(fresh.send(english.apply("/"), HttpResponse.BodyHandlers.ofString()).body())
                .contains("<html lang=\"en\"", "Propose a cooperation project with Seoul");
        assertThat(fresh.send(english.apply("/?lang=ko"), HttpResponse.BodyHandlers.ofString()).body())
                .contains("<html lang=\"ko\"");
        // the cookie set by ?lang=ko now wins over Accept-Language
        assertThat(fresh.send(english.apply("/track"), HttpResponse.BodyHandlers.ofString()).body())
                .contains("<html lang=\"ko\"", "진행상황 조회");
    }

    @Test
    void concurrentDecisionsApplyExactlyOnce() throws Exception {
        String id = routedProposal("동시에 처리되는 협력 제안")[0];
        String token = links.sign(id, "RESOURCE_CIRCULATION", Duration.ofDays(1));
        // no two of these are valid one after the other (DECLINE would still be valid after REQUEST_INFO), so
        // exactly one may apply whatever the order in which the requests arrive
        List<java.util.concurrent.Callable<Integer>> calls = List.of(
                () -> departmentAction(id, token, "ACCEPT", null, null).statusCode(),
                () -> departmentAction(id, token, "DECLINE", "예산이 없습니다.", null).statusCode(),
                () -> departmentAction(id, token, "DECLINE", "올해 계획에 없습니다.", null).statusCode(),
                () -> departmentAction(id, token, "TRANSFER", "소관이 아닙니다.", "CLIMATE").statusCode());
        List<Integer> codes = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(calls.size())) {
            for (var f : pool.invokeAll(calls)) {
                codes.add(f.get());
            }
        }
        assertThat(codes).containsOnly(200, 409);
        assertThat(codes.stream().filter(c -> c == 200).count()).as(codes.toString()).isEqualTo(1);
        Proposal after = stored(id);
        assertThat(after.getTimeline()).hasSize(3);
        assertThat(after.getStateVersion()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> stored(id).getPendingEvents().isEmpty());
    }

    @Test
    void operatorsActAndReissueDepartmentLinks() throws Exception {
        String id = routedProposal("운영자가 다시 보내는 부서 링크")[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8));
        URI actions = URI.create("http://127.0.0.1:" + port + "/api/ops/proposals/" + id + "/actions");
        HttpRequest.Builder review = HttpRequest.newBuilder(actions).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"START_REVIEW\"}"));
        assertThat(http.send(review.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> reviewed = http.send(review.header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
        assertThat(stored(id).getTimeline().getLast().actor()).isEqualTo("OPERATOR");

        HttpResponse<String> link = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/ops/proposals/" + id + "/department-link")).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(link.statusCode()).isEqualTo(200);
        HttpResponse<String> page = get(JSON.readTree(link.body()).path("path").asString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("검토 중", "수락하기").doesNotContain("검토 시작하기");
    }

    // ---------------------------------------------------------------- attachments

    /** A multipart body: each part is {name, filename-or-null, content-type-or-null, bytes}. */
    static byte[] multipart(String boundary, List<Object[]> parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object[] part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(part[0]).append('"');
            if (part[1] != null) {
                head.append("; filename=\"").append(part[1]).append('"');
            }
            head.append("\r\n");
            if (part[2] != null) {
                head.append("Content-Type: ").append(part[2]).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part[3] instanceof byte[] b ? b : part[3].toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    HttpResponse<String> postMultipart(String path, List<Object[]> parts, String client) throws Exception {
        String boundary = "----sane" + UUID.randomUUID();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    List<Object[]> formParts(String email, String title, Object[] file) throws Exception {
        List<Object[]> parts = new ArrayList<>();
        parts.add(new Object[]{"_csrf", null, null, csrf(get("/proposals/new").body())});
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("startedAt", Long.toString(clock.millis() - 60_000));
        fields.put("organization", "첨부 협동조합");
        fields.put("organizationType", "NONPROFIT");
        fields.put("contactName", "정하늘");
        fields.put("email", email);
        fields.put("phone", "02-2133-0000");
        fields.put("field", "");
        fields.put("title", title);
        fields.put("content", "제안서 파일을 함께 보내 드리니 자세한 내용은 첨부파일을 확인해 주시기 바랍니다. " + title);
        fields.put("consent", "true");
        fields.forEach((k, v) -> parts.add(new Object[]{k, null, null, v}));
        if (file != null) {
            parts.add(file);
        }
        return parts;
    }

    @Test
    void aFormWithAnAttachmentStoresItAndItIsDownloadedOnlyThroughItsSignedLink() throws Exception {
        byte[] pdf = kr.seoul.sane.proposal.attachment.AttachmentTypeTest.pdf();
        String email = uniqueEmail();
        HttpResponse<String> receipt = postMultipart("/proposals", formParts(email, "첨부파일이 있는 협력 제안",
                new Object[]{"attachment", "C:\\제안서 최종.pdf", "application/octet-stream", pdf}), nextClient());
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        Proposal p = mongo.findOne(Query.query(Criteria.where("emailKey").is(email)), Proposal.class);
        assertThat(p.getAttachment().filename()).isEqualTo("제안서 최종.pdf");
        assertThat(p.getAttachment().size()).isEqualTo(pdf.length);
        var stored = mongo.findById(p.getAttachment().id(), kr.seoul.sane.proposal.attachment.Attachment.class);
        assertThat(stored.getProposalId()).isEqualTo(p.getId());
        assertThat(stored.getData()).isEqualTo(pdf);

        // the event carries the reference and a signed path, and still conforms to the contract
        String envelope = submittedEvents.of(p, p.getSubmittedAt()).envelope();
        EventContracts.assertConforms("proposal.submitted", envelope);
        JsonNode attachment = JSON.readTree(envelope).path("payload").path("proposal").path("attachment");
        assertThat(attachment.path("filename").asString()).isEqualTo("제안서 최종.pdf");
        String path = attachment.path("downloadPath").asString();
        assertThat(path).startsWith("/attachments/" + stored.getId() + "?token=");

        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment;").contains("filename*=UTF-8''%EC%A0%9C%EC%95%88%EC%84%9C%20%EC%B5%9C%EC%A2%85.pdf");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        String token = path.substring(path.indexOf("token=") + 6);
        assertThat(get("/attachments/" + stored.getId() + "?token=" + token.substring(0, token.length() - 3) + "AAA")
                .statusCode()).isEqualTo(403);
        assertThat(get("/attachments/" + stored.getId()).statusCode()).isEqualTo(403);
        String department = links.sign(p.getId(), "RESOURCE_CIRCULATION", Duration.ofDays(1));
        HttpResponse<String> foreign = get("/attachments/" + stored.getId() + "?token=" + department);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("첨부파일 링크가 올바르지 않거나 만료되었습니다");

        // the department page links the file for as long as the department's own link is valid
        mongo.updateFirst(Query.query(Criteria.where("_id").is(p.getId())),
                new org.springframework.data.mongodb.core.query.Update().set("departmentCode", "RESOURCE_CIRCULATION")
                        .set("status", "ROUTED"), Proposal.class);
        HttpResponse<String> page = get("/department/proposals/" + p.getId() + "?token=" + department);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher link = Pattern.compile("href=\"(/attachments/[^\"]+)\"").matcher(page.body());
        assertThat(link.find()).as(page.body()).isTrue();
        assertThat(page.body()).contains("제안서 최종.pdf (1 KB)");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + link.group(1).replace("&amp;", "&"))).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .body()).isEqualTo(pdf);
    }

    @Test
    void wrongTypesAndOversizedFilesAreRefusedWithKoreanMessagesAndNothingIsStored() throws Exception {
        long files = mongo.count(new Query(), kr.seoul.sane.proposal.attachment.Attachment.class);
        String email = uniqueEmail();
        HttpResponse<String> wrongType = postMultipart("/proposals", formParts(email, "이름만 PDF인 실행 파일",
                new Object[]{"attachment", "제안서.pdf", "application/pdf",
                        "MZ this is not a document at all".getBytes(StandardCharsets.US_ASCII)}), nextClient());
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("PDF, HWP, HWPX, DOCX 형식만", "href=\"#attachment\"", "value=\"첨부 협동조합\"");

        byte[] big = new byte[(int) kr.seoul.sane.proposal.attachment.AttachmentCheck.MAX_BYTES + 1];
        System.arraycopy(kr.seoul.sane.proposal.attachment.AttachmentTypeTest.pdf(), 0, big, 0, 8);
        HttpResponse<String> tooLarge = postMultipart("/proposals", formParts(email, "10MB를 넘는 첨부파일",
                new Object[]{"attachment", "big.pdf", "application/pdf", big}), nextClient());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("10MB 이하의 파일만");

        HttpResponse<String> api = postMultipart("/api/proposals", List.of(
                new Object[]{"proposal", null, "application/json", validJson(email, "API로 보낸 잘못된 첨부")},
                new Object[]{"attachment", "x.docx", null, "PK not really a zip".getBytes(StandardCharsets.US_ASCII)}),
                nextClient());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(api.body()).path("errors").get(0).path("field").asString()).isEqualTo("attachment");

        assertThat(mongo.count(Query.query(Criteria.where("emailKey").is(email)), Proposal.class)).isZero();
        assertThat(mongo.count(new Query(), kr.seoul.sane.proposal.attachment.Attachment.class)).isEqualTo(files);
    }

    @Test
    void aBodyFarBeyondTheLimitIsRefusedBeforeItIsRead() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /proposals HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 52428800\r\n"
                    + "X-Forwarded-For: " + nextClient() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // the server answers without waiting for the 50 MB that never come
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while (!answer.toString(StandardCharsets.UTF_8).contains("</html>")
                    && (n = socket.getInputStream().read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 413").contains("10MB 이하의 파일만");
        }
    }

    @Test
    void theApiTakesADocxAsMultipart() throws Exception {
        String email = uniqueEmail();
        HttpResponse<String> created = postMultipart("/api/proposals", List.of(
                new Object[]{"proposal", "proposal.json", "application/json", validJson(email, "DOCX 제안서를 붙인 API 제안")},
                new Object[]{"attachment", "plan.docx", "application/octet-stream",
                        kr.seoul.sane.proposal.attachment.AttachmentTypeTest.docx()}), nextClient());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Proposal p = stored(JSON.readTree(created.body()).path("id").asString());
        assertThat(p.getAttachment().contentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(p.getChannel().name()).isEqualTo("API");
    }

    @Test
    void aMultipartBodyWithTooManyPartsIsRefusedBeforeAnythingIsStored() throws Exception {
        String email = uniqueEmail();
        List<Object[]> parts = new java.util.ArrayList<>();
        parts.add(new Object[]{"proposal", "proposal.json", "application/json", validJson(email, "부분이 너무 많은 제안")});
        for (int i = 0; i < 40; i++) {
            parts.add(new Object[]{"filler" + i, "f" + i + ".txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)});
        }
        HttpResponse<String> refused = postMultipart("/api/proposals", parts, nextClient());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("부분이 너무 많습니다");
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("email").is(email)), Proposal.class))
                .isZero();
    }

    @Test
    void theJanitorRemovesOrphanFilesAndLinksLateOnes() {
        Instant old = clock.instant().minus(Duration.ofHours(2));
        var orphan = new kr.seoul.sane.proposal.attachment.Attachment();
        orphan.setId(new org.bson.types.ObjectId().toHexString());
        orphan.setData(new byte[]{1});
        orphan.setCreatedAt(old);
        var late = new kr.seoul.sane.proposal.attachment.Attachment();
        late.setId(new org.bson.types.ObjectId().toHexString());
        late.setData(new byte[]{2});
        late.setCreatedAt(old);
        var fresh = new kr.seoul.sane.proposal.attachment.Attachment();
        fresh.setId(new org.bson.types.ObjectId().toHexString());
        fresh.setCreatedAt(clock.instant());
        mongo.insert(orphan);
        mongo.insert(late);
        mongo.insert(fresh);
        Proposal owner = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.SUBMITTED, clock.instant());
        owner.setAttachment(new kr.seoul.sane.proposal.model.AttachmentRef(late.getId(), "a.pdf", 1, "application/pdf"));
        mongo.insert(owner);

        assertThat(janitor.sweep(clock.instant())).isEqualTo(1);
        var attachments = kr.seoul.sane.proposal.attachment.Attachment.class;
        assertThat(mongo.findById(orphan.getId(), attachments)).isNull();
        assertThat(mongo.findById(late.getId(), attachments).getProposalId()).isEqualTo(owner.getId());
        assertThat(mongo.findById(fresh.getId(), attachments)).as("may still be in its request").isNotNull();
    }

    // ---------------------------------------------------------------- retention

    @Autowired
    kr.seoul.sane.proposal.retention.RetentionJob retention;
    @Autowired
    kr.seoul.sane.proposal.attachment.AttachmentJanitor janitor;

    Proposal oldProposal(kr.seoul.sane.proposal.model.ProposalStatus status, Instant closedAt) {
        Proposal p = new Proposal();
        p.setId(new org.bson.types.ObjectId().toHexString());
        String alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        StringBuilder code = new StringBuilder("SN-");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 12; i++) {
            code.append(i > 0 && i % 4 == 0 ? "-" : "").append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        p.setTrackingCode(code.toString());
        p.setOrganization("보존 기간 기관");
        p.setOrganizationType(kr.seoul.sane.proposal.model.OrganizationType.COMPANY);
        p.setContactName("최보존");
        p.setEmail("Keep.Me@example.org");
        p.setEmailKey("keep.me@example.org");
        p.setPhone("010-9876-5432");
        p.setTitle("보존 기간이 지난 제안");
        p.setContent("보존 기간이 지나면 개인정보가 익명 처리되어야 합니다.");
        p.setLanguage("ko");
        p.setSubmittedAt(closedAt.minus(Duration.ofDays(30)));
        p.setStatus(status);
        p.setTimeline(new ArrayList<>(List.of(
                new kr.seoul.sane.proposal.model.TimelineEntry(kr.seoul.sane.proposal.model.ProposalStatus.SUBMITTED,
                        p.getSubmittedAt(), null),
                new kr.seoul.sane.proposal.model.TimelineEntry(status, closedAt, null, "DEPARTMENT"))));
        return p;
    }

    @Test
    void theRetentionJobAnonymisesClosedProposalsAfterThePeriodAndDeletesTheirFiles() throws Exception {
        Instant now = clock.instant();
        Instant longAgo = now.minus(Duration.ofDays(1095 + 10));
        Proposal expired = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.COMPLETED, longAgo);
        var file = new kr.seoul.sane.proposal.attachment.Attachment();
        file.setId(new org.bson.types.ObjectId().toHexString());
        file.setProposalId(expired.getId());
        file.setData(new byte[]{1, 2, 3});
        file.setCreatedAt(expired.getSubmittedAt());
        mongo.insert(file);
        expired.setAttachment(new kr.seoul.sane.proposal.model.AttachmentRef(file.getId(), "a.pdf", 3, "application/pdf"));
        Proposal declined = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.DECLINED, longAgo);
        // submitted long ago but closed recently: the period runs from the closing
        Proposal closedLately = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.COMPLETED, now.minus(Duration.ofDays(10)));
        closedLately.setSubmittedAt(longAgo.minus(Duration.ofDays(400)));
        Proposal stillOpen = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.IN_DISCUSSION, longAgo);
        for (Proposal p : List.of(expired, declined, closedLately, stillOpen)) {
            mongo.insert(p);
        }

        assertThat(retention.run(now)).isGreaterThanOrEqualTo(2);
        Proposal a = stored(expired.getId());
        assertThat(a.getContactName()).isEqualTo(kr.seoul.sane.proposal.retention.RetentionJob.ANONYMOUS);
        assertThat(a.getEmail()).isNull();
        assertThat(a.getEmailKey()).isNull();
        assertThat(a.getPhone()).isNull();
        assertThat(a.getAttachment()).isNull();
        assertThat(a.getAnonymizedAt()).isNotNull();
        assertThat(a.getTitle()).isEqualTo("보존 기간이 지난 제안");
        assertThat(mongo.findById(file.getId(), kr.seoul.sane.proposal.attachment.Attachment.class)).isNull();
        assertThat(stored(declined.getId()).getPhone()).isNull();
        assertThat(stored(closedLately.getId()).getEmail()).isEqualTo("Keep.Me@example.org");
        assertThat(stored(stillOpen.getId()).getContactName()).isEqualTo("최보존");
        // idempotent; and an anonymised proposal cannot be tracked any more
        assertThat(retention.run(now)).isZero();
        assertThat(get("/api/proposals/" + expired.getTrackingCode() + "?email=keep.me@example.org").statusCode())
                .isEqualTo(404);
    }

    /** Three years (1095 days) from the closing, counted back from 10:00 in Seoul on each kind of day. */
    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void retentionCountsItsDaysFromAnyKindOfDay(FixedDates day) {
        Instant now = day.instant();
        Instant cutoff = now.minus(Duration.ofDays(1095));
        Proposal old = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.COMPLETED, cutoff.minusSeconds(2));
        Proposal young = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.COMPLETED, cutoff.plusSeconds(2));
        mongo.insert(old);
        mongo.insert(young);
        retention.run(now);
        assertThat(stored(old.getId()).getEmail()).isNull();
        assertThat(stored(young.getId()).getEmail()).isEqualTo("Keep.Me@example.org");
    }

    // ---------------------------------------------------------------- API documentation

    /**
     * Every JSON endpoint is an operation of the OpenAPI document with the security the service applies; the
     * document is written to {@code target/openapi/proposal.json} for the CI's linter.
     */
    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurity(
            @Autowired @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
            org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings) {
        String document = kr.seoul.sane.contracts.ApiDocuments.fetchAndWrite(port, "proposal");

        assertThat(kr.seoul.sane.contracts.ApiDocuments.endpoints(mappings, "kr.seoul.sane.proposal."))
                .contains("post /api/proposals", "get /api/proposals/{trackingCode}", "get /api/ops/proposals");
        assertThat(kr.seoul.sane.contracts.ApiDocuments.problems(mappings, "kr.seoul.sane.proposal.", document))
                .isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesThePublicApiWithTheFormsRulesAndTheErrorBodies() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.path("info").path("title").asString()).isEqualTo("서울사네 협력신청 API");
        assertThat(doc.path("servers").get(0).path("url").asString()).as("relative, for the gateway").isEqualTo("/");
        JsonNode paths = doc.path("paths");
        Map<String, List<String>> operations = Map.ofEntries(
                Map.entry("/api/proposals", List.of("post")),
                Map.entry("/api/proposals/{trackingCode}", List.of("get")),
                Map.entry("/api/proposals/{trackingCode}/answer", List.of("post")),
                Map.entry("/api/proposals/{trackingCode}/erasure", List.of("post")),
                Map.entry("/api/proposals/{trackingCode}/erasure/confirm", List.of("post")),
                Map.entry("/api/department/proposals/{id}/actions", List.of("post")),
                Map.entry("/api/ops/proposals", List.of("get")),
                Map.entry("/api/ops/proposals/{id}/actions", List.of("post")),
                Map.entry("/api/ops/proposals/{id}/assign", List.of("post")),
                Map.entry("/api/ops/proposals/{id}/not-a-proposal", List.of("post")),
                Map.entry("/api/ops/proposals/{id}/department-link", List.of("get")));
        operations.forEach((path, methods) -> methods.forEach(m -> {
            JsonNode op = paths.path(path).path(m);
            assertThat(op.isObject()).as(m + " " + path).isTrue();
            assertThat(op.path("summary").asString()).as("Korean summary of " + path).containsPattern("[가-힣]");
        }));
        // only the REST API: no pages, no actuator
        assertThat(paths.propertyNames()).allMatch(p -> p.startsWith("/api/"));

        // submission: JSON and multipart, the form's rules in the schema
        JsonNode submit = paths.path("/api/proposals").path("post");
        JsonNode content = submit.path("requestBody").path("content");
        assertThat(content.path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/ProposalRequest");
        assertThat(content.path("multipart/form-data").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/ProposalMultipart");
        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode request = schemas.path("ProposalRequest");
        assertThat(request.path("required").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(
                "organization", "organizationType", "contactName", "email", "phone", "title", "content", "consent");
        JsonNode props = request.path("properties");
        assertThat(props.path("organization").path("minLength").asInt()).isEqualTo(1);
        assertThat(props.path("organization").path("maxLength").asInt()).isEqualTo(100);
        assertThat(props.path("contactName").path("maxLength").asInt()).isEqualTo(50);
        assertThat(props.path("email").path("maxLength").asInt()).isEqualTo(254);
        assertThat(props.path("email").path("pattern").asString()).isEqualTo(SubmissionValidator.EMAIL_PATTERN);
        assertThat(props.path("phone").path("pattern").asString()).isEqualTo(SubmissionValidator.PHONE_PATTERN);
        assertThat(props.path("phone").path("maxLength").asInt()).isEqualTo(20);
        assertThat(props.path("title").path("minLength").asInt()).isEqualTo(5);
        assertThat(props.path("title").path("maxLength").asInt()).isEqualTo(200);
        assertThat(props.path("content").path("minLength").asInt()).isEqualTo(20);
        assertThat(props.path("content").path("maxLength").asInt()).isEqualTo(10_000);
        assertThat(props.path("organizationType").path("enum").valueStream().map(JsonNode::asString))
                .containsExactly("COMPANY", "NONPROFIT", "UNIVERSITY", "PUBLIC_INSTITUTION", "INDIVIDUAL", "FOREIGN");
        assertThat(props.path("field").path("enum").valueStream().map(JsonNode::asString))
                .hasSize(12).contains("ENVIRONMENT_PARKS");
        assertThat(props.path("consent").path("enum").valueStream().map(JsonNode::isBoolean)).as("boolean enum")
                .containsExactly(true);
        assertThat(props.path("consent").path("enum").get(0).asBoolean()).isTrue();
        assertThat(schemas.path("ProposalMultipart").path("properties").path("attachment").path("format").asString())
                .isEqualTo("binary");

        // the answers, errors with the platform's error body
        assertThat(submit.path("responses").propertyNames())
                .contains("201", "200", "400", "413", "415", "429", "503");
        JsonNode responses = doc.path("components").path("responses");
        for (String name : List.of("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "Gone",
                "ContentTooLarge", "UnsupportedMediaType", "TooManyRequests", "ServiceUnavailable")) {
            assertThat(responses.path(name).path("description").asString()).as(name).containsPattern("[가-힣]");
            assertThat(responses.path(name).path("content").path("application/json").path("schema").path("$ref")
                    .asString()).as(name).isEqualTo("#/components/schemas/ApiErrors");
        }
        assertThat(responses.path("TooManyRequests").path("headers").has("Retry-After")).isTrue();
        assertThat(responses.path("ServiceUnavailable").path("headers").has("Retry-After")).isTrue();
        assertThat(submit.path("responses").path("429").path("$ref").asString())
                .isEqualTo("#/components/responses/TooManyRequests");
        JsonNode errors = schemas.path("ApiErrors").path("properties").path("errors");
        assertThat(errors.path("type").asString()).isEqualTo("array");
        assertThat(errors.path("items").path("$ref").asString()).isEqualTo("#/components/schemas/ApiError");
        assertThat(schemas.path("ApiError").path("properties").propertyNames()).containsExactly("field", "message");
        assertThat(paths.path("/api/proposals/{trackingCode}").path("get").path("responses").propertyNames())
                .contains("200", "404", "503");
        assertThat(paths.path("/api/department/proposals/{id}/actions").path("post").path("responses").propertyNames())
                .contains("200", "400", "403", "404", "409");
        assertThat(paths.path("/api/proposals/{trackingCode}/erasure/confirm").path("post").path("responses")
                .propertyNames()).contains("200", "400", "404", "409", "410");
        assertThat(schemas.path("ErasureConfirmation").path("properties").path("code").path("pattern").asString())
                .isEqualTo("^[0-9]{6}$");

        // operator APIs: HTTP Basic, 401 without it; the public ones need nothing (security: [])
        assertThat(doc.path("components").path("securitySchemes").path("operator").path("scheme").asString())
                .isEqualTo("basic");
        operations.keySet().forEach(path -> operations.get(path).forEach(m -> {
            JsonNode op = paths.path(path).path(m);
            if (path.startsWith("/api/ops/")) {
                assertThat(op.path("security").toString()).as(path).contains("\"operator\"");
                assertThat(op.path("responses").has("401")).as(path).isTrue();
            } else {
                assertThat(op.path("security").isArray() && op.path("security").isEmpty()).as(path).isTrue();
            }
        }));
    }

    @Test
    void swaggerUiIsPublicReadOnlyAndOnlyItGetsInlineStyles() throws Exception {
        HttpResponse<String> entry = get("/swagger-ui.html");
        assertThat(entry.statusCode()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location").orElse("")).endsWith("/swagger-ui/index.html");
        HttpResponse<String> index = get("/swagger-ui/index.html");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("swagger-initializer.js").doesNotContainPattern("<script>|<script(?![^>]*src=)");
        String uiPolicy = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(uiPolicy).contains("script-src 'self';", "style-src 'self' 'unsafe-inline';", "frame-ancestors 'none'");
        HttpResponse<String> initializer = get("/swagger-ui/swagger-initializer.js");
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("/v3/api-docs");
        // one UI for the four services' documents (the gateway serves each at /v3/api-docs/<service>)
        JsonNode config = JSON.readTree(get("/v3/api-docs/swagger-config").body());
        assertThat(config.path("urls").valueStream().map(u -> u.path("name").asString() + " " + u.path("url").asString()))
                .containsExactlyInAnyOrder("proposal /v3/api-docs", "routing /v3/api-docs/routing",
                        "notification /v3/api-docs/notification", "catalog /v3/api-docs/catalog");
        assertThat(config.path("urls.primaryName").asString()).isEqualTo("proposal");
        assertThat(get("/swagger-ui/index.html").headers().firstValue("Set-Cookie")).isEmpty();
        // everything else keeps the strict policy, the API document included
        for (String path : List.of("/v3/api-docs", "/", "/proposals/new")) {
            assertThat(get(path).headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
                    .doesNotContain("unsafe-inline");
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/swagger-ui/index.html"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(401, 403, 405);
    }

    // ---------------------------------------------------------------- erasure on request

    HttpResponse<String> postApi(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The code of the next proposal.erasure-requested of the proposal, after checking the event against the contract:
     * the event shows no 6-digit number at all, and its encrypted code (read as notification-service reads it) is the
     * one whose hash the proposal keeps.
     */
    String mailedCode(KafkaConsumer<String, String> consumer, String id, String email, String trackingCode)
            throws Exception {
        ConsumerRecord<String, String> record = awaitRecord(consumer, id);
        EventContracts.assertConforms("proposal.erasure-requested", record.value());
        JsonNode event = JSON.readTree(record.value());
        JsonNode payload = event.path("payload");
        assertThat(event.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(payload.path("email").asString()).isEqualTo(email);
        assertThat(payload.path("trackingCode").asString()).isEqualTo(trackingCode);
        assertThat(payload.path("language").asString()).isEqualTo("ko");
        assertThat(payload.has("code")).isFalse();
        assertThat(record.value()).doesNotContainPattern("(?<![A-Za-z0-9])[0-9]{6}(?![A-Za-z0-9])");
        String code = erasureCodes.decrypt(payload.path("encryptedCode").asString(), id,
                event.path("eventId").asString());
        assertThat(code).matches("[0-9]{6}");
        assertThat(record.value()).doesNotContain(code);
        var erasure = stored(id).getErasure();
        assertThat(erasure.codeHash()).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest((erasure.salt() + "|" + id + "|" + code).getBytes(StandardCharsets.UTF_8))));
        return code;
    }

    static String otherCode(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** Twelve wrong codes at once: the attempts are counted before comparing, so only five are ever compared. */
    @Test
    void parallelWrongErasureCodesGetNoMoreThanFiveComparisons() throws Exception {
        String email = uniqueEmail();
        HttpResponse<String> created = postJson(validJson(email, "한꺼번에 추측되는 삭제 확인 코드"), nextClient());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String id = body.path("id").asString();
        String code = body.path("trackingCode").asString();
        String real;
        try (KafkaConsumer<String, String> requests = consumer("proposal.erasure-requested")) {
            assertThat(postApi("/api/proposals/" + code + "/erasure", "{\"email\":\"" + email + "\"}").statusCode())
                    .isEqualTo(202);
            real = mailedCode(requests, id, email, code);
        }
        int guesses = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(guesses);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 1; i <= guesses; i++) {
            String guess = String.format("%06d", (Integer.parseInt(real) + i) % 1_000_000);
            answers.add(pool.submit(() -> {
                start.await();
                return postApi("/api/proposals/" + code + "/erasure/confirm",
                        "{\"email\":\"" + email + "\",\"code\":\"" + guess + "\"}").statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(statuses).as("four 'wrong, n left', then the code is void for everyone")
                .containsOnly(400, 410).filteredOn(s -> s == 400).hasSize(4);
        assertThat(stored(id).getErasure().attempts()).isEqualTo(5);
        assertThat(postApi("/api/proposals/" + code + "/erasure/confirm",
                "{\"email\":\"" + email + "\",\"code\":\"" + real + "\"}").statusCode()).isEqualTo(410);
        assertThat(stored(id).getEmail()).isEqualTo(email);
    }

    /**
     * The whole erasure on the tracking page: the offer and its explanation, a code by mail (outbox event, only a
     * hash stored), five wrong codes void it, an expired code, three codes an hour then 429, and the right code
     * erases contact, e-mail, phone and file, withdraws the routed proposal with a timeline entry by the applicant,
     * publishes proposal.status-changed and proposal.personal-data-erased, and the proposal cannot be found again.
     * Nothing personal (address, name, phone, code) is logged.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theApplicantErasesTheirPersonalDataWithAMailedCode(CapturedOutput output) throws Exception {
        byte[] pdf = kr.seoul.sane.proposal.attachment.AttachmentTypeTest.pdf();
        String email = uniqueEmail();
        HttpResponse<String> receipt = postMultipart("/proposals", formParts(email, "개인정보를 지울 협력 제안",
                new Object[]{"attachment", "제안서.pdf", "application/pdf", pdf}), nextClient());
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        Proposal p = mongo.findOne(Query.query(Criteria.where("emailKey").is(email)), Proposal.class);
        String id = p.getId();
        String code = p.getTrackingCode();
        String fileId = p.getAttachment().id();
        send("proposal.routed", id, EventContracts.example("proposal.routed")
                .replace("6741a3f2c9e77b1d2a5f0c11", id)
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(15)).until(() -> "ROUTED".equals(stored(id).getStatus().name()));
        List<String> codes = new ArrayList<>();

        try (KafkaConsumer<String, String> requests = consumer("proposal.erasure-requested");
             KafkaConsumer<String, String> changes = consumer("proposal.status-changed");
             KafkaConsumer<String, String> erasures = consumer("proposal.personal-data-erased")) {
            // the tracking page offers the erasure and says what goes, what stays and that it is final
            HttpResponse<String> trackPage = get("/track?code=" + code);
            HttpResponse<String> tracked = postForm("/track", Map.of("_csrf", csrf(trackPage.body()), "code", code,
                    "email", email), nextClient());
            assertThat(tracked.statusCode()).isEqualTo(200);
            assertThat(tracked.body()).contains("개인정보 삭제 요청", "담당자 이름, 이메일, 연락처, 첨부파일",
                    "기관명, 제목, 제안내용과 진행 기록", "신청 철회", "되돌릴 수 없고", "action=\"/track/erasure\"");
            JsonNode offer = JSON.readTree(get("/api/proposals/" + code + "?email=" + email).body()).path("erasure");
            assertThat(offer.path("deleted").toString()).contains("담당자 이름", "이메일", "연락처", "첨부파일");
            assertThat(offer.path("kept").toString()).contains("기관명", "제목", "제안내용");
            assertThat(offer.path("request").asString()).isEqualTo("POST /api/proposals/" + code + "/erasure {email}");

            // without the CSRF token nothing happens
            assertThat(postForm("/track/erasure", Map.of("code", code, "email", email), nextClient()).statusCode())
                    .isEqualTo(403);
            // 1st code, from the page
            HttpResponse<String> asked = postForm("/track/erasure", Map.of("_csrf", csrf(tracked.body()),
                    "code", code, "email", email), nextClient());
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
            assertThat(asked.body()).contains("확인 코드를 제안서의 이메일 주소로 보냈습니다", "name=\"confirmation\"",
                    "autocomplete=\"one-time-code\"", "for=\"confirmation\"");
            codes.add(mailedCode(requests, id, email, code));
            assertThat(codes.getFirst()).matches("[0-9]{6}");
            var erasure = stored(id).getErasure();
            assertThat(erasure.codeHash()).hasSize(64).isNotEqualTo(codes.getFirst());
            assertThat(erasure.attempts()).isZero();
            assertThat(Duration.between(clock.instant(), erasure.expiresAt())).isBetween(Duration.ofMinutes(14),
                    Duration.ofMinutes(15));

            // five wrong codes: four tell how many attempts are left, the fifth voids the code
            String csrf = csrf(asked.body());
            for (int attempt = 1; attempt <= 5; attempt++) {
                HttpResponse<String> wrong = postForm("/track/erasure/confirm", Map.of("_csrf", csrf, "code", code,
                        "email", email, "confirmation", otherCode(codes.getFirst())), nextClient());
                if (attempt < 5) {
                    assertThat(wrong.statusCode()).isEqualTo(400);
                    assertThat(wrong.body()).contains("확인 코드가 맞지 않습니다", "남은 기회 " + (5 - attempt) + "번",
                            "aria-invalid=\"true\"");
                } else {
                    assertThat(wrong.statusCode()).isEqualTo(410);
                    assertThat(wrong.body()).contains("5번 틀려 더 이상 쓸 수 없습니다");
                }
            }
            HttpResponse<String> voided = postForm("/track/erasure/confirm", Map.of("_csrf", csrf, "code", code,
                    "email", email, "confirmation", codes.getFirst()), nextClient());
            assertThat(voided.statusCode()).isEqualTo(410);
            assertThat(voided.body()).contains("새 확인 코드를 요청해 주세요");
            assertThat(stored(id).getEmail()).isEqualTo(email);
            // a malformed code is refused without counting
            HttpResponse<String> letters = postApi("/api/proposals/" + code + "/erasure/confirm",
                    "{\"email\":\"" + email + "\",\"code\":42}");
            assertThat(letters.statusCode()).isEqualTo(400);

            // 2nd code, over the API; it expires unused
            HttpResponse<String> second = postApi("/api/proposals/" + code + "/erasure", "{\"email\":\"" + email + "\"}");
            assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
            codes.add(mailedCode(requests, id, email, code));
            assertThat(postApi("/api/proposals/" + code + "/erasure/confirm", "{\"email\":\"" + email
                    + "\",\"code\":\"12a456\"}").body()).contains("숫자 6자리");
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new org.springframework.data.mongodb.core
                    .query.Update().set("erasure.expiresAt", clock.instant().minusSeconds(1)), Proposal.class);
            HttpResponse<String> expired = postApi("/api/proposals/" + code + "/erasure/confirm",
                    "{\"email\":\"" + email + "\",\"code\":\"" + codes.get(1) + "\"}");
            assertThat(expired.statusCode()).isEqualTo(410);
            assertThat(JSON.readTree(expired.body()).path("errors").get(0).path("message").asString())
                    .contains("유효 시간(15분)이 지났습니다", "새 확인 코드를 요청해 주세요");

            // 3rd code; a 4th within the hour is refused with 429
            assertThat(postApi("/api/proposals/" + code + "/erasure", "{\"email\":\"" + email + "\"}").statusCode())
                    .isEqualTo(202);
            codes.add(mailedCode(requests, id, email, code));
            HttpResponse<String> fourth = postApi("/api/proposals/" + code + "/erasure", "{\"email\":\"" + email + "\"}");
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(fourth.body()).path("errors").get(0).path("message").asString())
                    .contains("한 시간에 3번까지");
            HttpResponse<String> fourthPage = postForm("/track/erasure", Map.of("_csrf", csrf, "code", code,
                    "email", email), nextClient());
            assertThat(fourthPage.statusCode()).isEqualTo(429);
            assertThat(fourthPage.body()).contains("한 시간에 3번까지", "name=\"confirmation\"");
            assertThat(stored(id).getErasure().requestedAt()).hasSize(3);
            // another address, or another proposal's code, does not get there
            assertThat(postApi("/api/proposals/" + code + "/erasure/confirm", "{\"email\":\"other@example.org\","
                    + "\"code\":\"" + codes.get(2) + "\"}").statusCode()).isEqualTo(404);

            // the right code erases
            HttpResponse<String> done = postForm("/track/erasure/confirm", Map.of("_csrf", csrf, "code", code,
                    "email", email, "confirmation", " " + codes.get(2) + " "), nextClient());
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(done.body()).contains("개인정보를 삭제했습니다", code, "신청 철회되었습니다",
                    "이 접수번호와 이메일로는 제안을 조회할 수 없습니다").doesNotContain(email);

            ConsumerRecord<String, String> withdrawn = awaitRecord(changes, id);
            EventContracts.assertConforms("proposal.status-changed", withdrawn.value());
            JsonNode change = JSON.readTree(withdrawn.value()).path("payload");
            assertThat(change.path("status").asString()).isEqualTo("WITHDRAWN");
            assertThat(change.path("previousStatus").asString()).isEqualTo("ROUTED");
            assertThat(change.path("actor").asString()).isEqualTo("APPLICANT");
            assertThat(change.path("note").asString()).isEqualTo("신청인 요청으로 개인정보 삭제");
            ConsumerRecord<String, String> erasedEvent = awaitRecord(erasures, id);
            EventContracts.assertConforms("proposal.personal-data-erased", erasedEvent.value());
            assertThat(erasedEvent.value()).doesNotContain(email).doesNotContain("정하늘");
            JsonNode erased = JSON.readTree(erasedEvent.value()).path("payload");
            assertThat(erased.path("withdrawn").asBoolean()).isTrue();
            assertThat(erased.path("status").asString()).isEqualTo("WITHDRAWN");
            assertThat(erased.path("trackingCode").asString()).isEqualTo(code);
        }

        Proposal after = stored(id);
        assertThat(after.getContactName()).isEqualTo(kr.seoul.sane.proposal.retention.Anonymisation.ANONYMOUS);
        assertThat(after.getEmail()).isNull();
        assertThat(after.getEmailKey()).isNull();
        assertThat(after.getPhone()).isNull();
        assertThat(after.getAttachment()).isNull();
        assertThat(after.getErasure()).isNull();
        assertThat(after.getAnonymizedAt()).isNotNull();
        assertThat(after.getStatus().name()).isEqualTo("WITHDRAWN");
        assertThat(after.getOrganization()).isEqualTo("첨부 협동조합");
        assertThat(after.getTitle()).isEqualTo("개인정보를 지울 협력 제안");
        assertThat(after.getTimeline().getLast()).satisfies(t -> {
            assertThat(t.status().name()).isEqualTo("WITHDRAWN");
            assertThat(t.note()).isEqualTo("신청인 요청으로 개인정보 삭제");
            assertThat(t.actor()).isEqualTo("APPLICANT");
        });
        assertThat(mongo.findById(fileId, kr.seoul.sane.proposal.attachment.Attachment.class)).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id).getPendingEvents().isEmpty());

        // tracking code + e-mail find nothing any more, and the code cannot be used twice
        assertThat(get("/api/proposals/" + code + "?email=" + email).statusCode()).isEqualTo(404);
        HttpResponse<String> trackPage = get("/track?code=" + code);
        assertThat(postForm("/track", Map.of("_csrf", csrf(trackPage.body()), "code", code, "email", email),
                nextClient()).statusCode()).isEqualTo(404);
        assertThat(postApi("/api/proposals/" + code + "/erasure/confirm", "{\"email\":\"" + email
                + "\",\"code\":\"" + codes.get(2) + "\"}").statusCode()).isEqualTo(404);

        String logged = output.getAll();
        assertThat(logged).contains("proposal " + id + ": personal data erased at the applicant's request")
                .doesNotContain(email).doesNotContain("정하늘").doesNotContain("02-2133-0000");
        for (String c : codes) {
            assertThat(logged).as("the confirmation code is not logged").doesNotContainPattern("\\b" + c + "\\b");
        }
    }

    /** A closed proposal keeps its status; only the personal data goes (and no status change is published). */
    @Test
    void aClosedProposalIsErasedWithoutAStatusChange() throws Exception {
        Proposal closed = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.COMPLETED,
                clock.instant().minus(Duration.ofDays(3)));
        mongo.insert(closed);
        String body = "{\"email\":\"KEEP.me@example.org\"}";
        try (KafkaConsumer<String, String> requests = consumer("proposal.erasure-requested");
             KafkaConsumer<String, String> erasures = consumer("proposal.personal-data-erased")) {
            // the pages in English
            String token = csrf(get("/track?lang=en").body());
            HttpResponse<String> english = postForm("/track/erasure?lang=en", Map.of("_csrf", token,
                    "code", closed.getTrackingCode(), "email", "keep.me@example.org"), nextClient());
            assertThat(english.statusCode()).isEqualTo(200);
            assertThat(english.body()).contains("lang=\"en\"", "Delete my personal data",
                    "We have sent a confirmation code", "Contact name, e-mail address, phone number, attached file");
            String first = mailedCode(requests, closed.getId(), "Keep.Me@example.org", closed.getTrackingCode());
            HttpResponse<String> wrongEnglish = postForm("/track/erasure/confirm?lang=en", Map.of("_csrf", token,
                    "code", closed.getTrackingCode(), "email", "keep.me@example.org", "confirmation", otherCode(first)),
                    nextClient());
            assertThat(wrongEnglish.statusCode()).isEqualTo(400);
            assertThat(wrongEnglish.body()).contains("This confirmation code is not correct", "4 attempt(s) left");
            assertThat(postApi("/api/proposals/" + closed.getTrackingCode() + "/erasure", body).statusCode())
                    .isEqualTo(202);
            String mailed = mailedCode(requests, closed.getId(), "Keep.Me@example.org", closed.getTrackingCode());
            HttpResponse<String> none = postApi("/api/proposals/" + closed.getTrackingCode() + "/erasure/confirm",
                    "{\"email\":\"keep.me@example.org\",\"code\":\"" + otherCode(mailed) + "\"}");
            assertThat(none.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(none.body()).path("errors").get(0).path("field").asString()).isEqualTo("code");
            HttpResponse<String> done = postApi("/api/proposals/" + closed.getTrackingCode() + "/erasure/confirm",
                    "{\"email\":\"keep.me@example.org\",\"code\":\"" + mailed + "\"}");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(done.body());
            assertThat(answer.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(answer.path("withdrawn").asBoolean()).isFalse();
            ConsumerRecord<String, String> erased = awaitRecord(erasures, closed.getId());
            EventContracts.assertConforms("proposal.personal-data-erased", erased.value());
            assertThat(JSON.readTree(erased.value()).path("payload").path("withdrawn").asBoolean()).isFalse();
        }
        Proposal after = stored(closed.getId());
        assertThat(after.getStatus().name()).isEqualTo("COMPLETED");
        assertThat(after.getStateVersion()).isEqualTo(closed.getStateVersion());
        assertThat(after.getEmail()).isNull();
        assertThat(after.getTimeline().getLast().note()).isEqualTo("신청인 요청으로 개인정보 삭제");
        assertThat(after.getPendingEvents()).allMatch(e -> !e.type().equals("proposal.status-changed"));
        // unknown proposal or no code requested
        assertThat(postApi("/api/proposals/SN-XXXX-XXXX-XXXX/erasure", body).statusCode()).isEqualTo(404);
        Proposal fresh = oldProposal(kr.seoul.sane.proposal.model.ProposalStatus.DECLINED, clock.instant());
        mongo.insert(fresh);
        HttpResponse<String> noCode = postApi("/api/proposals/" + fresh.getTrackingCode() + "/erasure/confirm",
                "{\"email\":\"keep.me@example.org\",\"code\":\"123456\"}");
        assertThat(noCode.statusCode()).isEqualTo(409);
        assertThat(noCode.body()).contains("먼저");
    }

    // ---------------------------------------------------------------- ops console

    @Test
    void theOpsConsoleNeedsALoginAndShowsTodaysNumbers() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        java.util.function.Function<String, HttpResponse<String>> open = path -> {
            try {
                return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        HttpResponse<String> anonymous = open.apply("/ops");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/ops/login?next=%2Fops");
        HttpResponse<String> asked = open.apply("/ops/proposals/abc");
        assertThat(asked.statusCode()).isEqualTo(302);
        String loginPage = URI.create(asked.headers().firstValue("Location").orElseThrow()).getRawPath() + "?"
                + URI.create(asked.headers().firstValue("Location").orElseThrow()).getRawQuery();
        assertThat(loginPage).isEqualTo("/ops/login?next=%2Fops%2Fproposals%2Fabc");
        HttpResponse<String> api = open.apply("/api/ops/proposals");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

        HttpResponse<String> login = open.apply("/ops/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<html lang=\"ko\"", "운영자 로그인", "아이디", "비밀번호", "/assets/site.css");
        java.util.function.BiFunction<String, Map<String, String>, HttpResponse<String>> post = (path, form) -> {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            try {
                return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(post.apply("/ops/login", Map.of("username", OPERATOR, "password", OPERATOR_PASSWORD)).statusCode())
                .as("no CSRF token").isEqualTo(403);
        HttpResponse<String> wrong = post.apply("/ops/login", Map.of("_csrf", csrf(login.body()),
                "username", OPERATOR, "password", "wrong"));
        assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/ops/login?error");
        assertThat(open.apply("/ops/login?error").body()).contains("아이디 또는 비밀번호가 올바르지 않습니다");

        String id = routedProposal("운영 콘솔에서 보는 오늘의 제안")[0];
        HttpResponse<String> back = open.apply(loginPage);
        assertThat(back.body()).contains("name=\"next\" value=\"/ops/proposals/abc\"");
        HttpResponse<String> ok = post.apply("/ops/login", Map.of("_csrf", csrf(back.body()),
                "username", OPERATOR, "password", OPERATOR_PASSWORD, "next", "/ops/proposals/abc"));
        assertThat(ok.statusCode()).isEqualTo(302);
        // back to the page asked for before the login
        assertThat(ok.headers().firstValue("Location").orElse("")).contains("/ops/proposals/abc");

        HttpResponse<String> overview = open.apply("/ops");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("운영 개요", "오늘 접수", "오늘 부서 배정", "부서 확인 대기", "처리 지연",
                "최근 7일 접수", "class=\"bar bar-", "로그아웃");
        Matcher submittedToday = Pattern.compile("<span class=\"stat-value\">(\\d+)</span><span class=\"stat-label\">오늘 접수")
                .matcher(overview.body());
        assertThat(submittedToday.find()).isTrue();
        assertThat(Long.parseLong(submittedToday.group(1))).isPositive();

        HttpResponse<String> withFile = postMultipart("/api/proposals", List.of(
                new Object[]{"proposal", null, null, validJson(uniqueEmail(), "운영자가 첨부파일을 내려받는 제안")},
                new Object[]{"attachment", "계획서.hwp", null, kr.seoul.sane.proposal.attachment.AttachmentTypeTest.hwp()}),
                nextClient());
        assertThat(withFile.statusCode()).as(withFile.body()).isEqualTo(201);
        HttpResponse<String> fileDetail = open.apply("/ops/proposals/" + JSON.readTree(withFile.body()).path("id").asString());
        assertThat(fileDetail.statusCode()).isEqualTo(200);
        assertThat(fileDetail.body()).contains("계획서.hwp (2 KB)", "href=\"/attachments/");

        HttpResponse<String> list = open.apply("/ops/proposals?status=ROUTED");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("운영 콘솔에서 보는 오늘의 제안", "/ops/proposals/" + id);

        HttpResponse<String> detail = open.apply("/ops/proposals/" + id);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("진행 기록", "새 부서 링크 만들기", "수락 처리하기");
        HttpResponse<String> issued = post.apply("/ops/proposals/" + id + "/department-link",
                Map.of("_csrf", csrf(detail.body())));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("/department/proposals/" + id + "?token=");
        HttpResponse<String> accepted = post.apply("/ops/proposals/" + id + "/actions",
                Map.of("_csrf", csrf(issued.body()), "action", "ACCEPT", "note", ""));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("처리했습니다");
        assertThat(stored(id).getStatus().name()).isEqualTo("ACCEPTED");
        assertThat(stored(id).getTimeline().getLast().actor()).isEqualTo("OPERATOR");
    }

    // ---------------------------------------------------------------- notification events

    /** A contract example of notification.delivered / .failed adapted to a proposal; checked against the schema. */
    static String notificationEvent(String type, String proposalId, String template, String role, String department,
                                    String deliveryId, boolean permanent, Instant at) {
        tools.jackson.databind.node.ObjectNode root =
                (tools.jackson.databind.node.ObjectNode) JSON.readTree(EventContracts.example(type));
        root.put("eventId", UUID.randomUUID().toString());
        root.put("proposalId", proposalId);
        root.put("occurredAt", at.toString());
        tools.jackson.databind.node.ObjectNode payload = (tools.jackson.databind.node.ObjectNode) root.get("payload");
        payload.put("deliveryId", deliveryId);
        payload.put("template", template);
        payload.put("recipientRole", role);
        payload.put("departmentCode", department);
        if (type.equals("notification.failed")) {
            payload.put("permanent", permanent);
            payload.put("error", permanent ? "550 5.1.1 <resource-circulation@dept.seoul.example>: user unknown"
                    : "SMTP 서버에 연결할 수 없습니다 (Connection refused)");
        }
        String json = JSON.writeValueAsString(root);
        EventContracts.assertConforms(type, json);
        return json;
    }

    static long count(Proposal p, kr.seoul.sane.proposal.model.TimelineEvent event) {
        return p.getTimeline().stream().filter(t -> t.event() == event).count();
    }

    /** A browser logged in to the ops console. */
    HttpClient opsBrowser() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ops/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        String form = "_csrf=" + URLEncoder.encode(csrf(login.body()), StandardCharsets.UTF_8)
                + "&username=ops&password=ops-secret";
        HttpResponse<String> ok = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(302);
        return browser;
    }

    static String page(HttpClient browser, int port, String path) throws Exception {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    long overdueGauge(String department) throws Exception {
        Matcher m = Pattern.compile("(?m)^sane_proposals_overdue\\{[^}]*department=\"" + department + "\"[^}]*} (\\S+)$")
                .matcher(get("/actuator/prometheus").body());
        assertThat(m.find()).as("gauge series of " + department).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void theDeliveredDepartmentMailShowsOnceInTheTimelineAndAFailureOnlyOnTheOpsPage() throws Exception {
        String[] p = routedProposal("부서 전달 확인용 협력 제안");
        String id = p[0];
        String routedEventId = stored(id).getProcessedEventIds().getFirst();
        String deliveryId = routedEventId + ":department-new-proposal:DEPARTMENT";
        String delivered = notificationEvent("notification.delivered", id, "department-new-proposal", "DEPARTMENT",
                "RESOURCE_CIRCULATION", deliveryId, false, clock.instant());
        send("notification.delivered", id, delivered);
        send("notification.delivered", id, delivered); // redelivered
        // an operator's resend: a new event for the same department
        send("notification.delivered", id, notificationEvent("notification.delivered", id,
                "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", deliveryId, false, clock.instant()));
        // transient failure (retried) ignored; a permanent one shown to operators; then the fallback copy delivered
        send("notification.failed", id, notificationEvent("notification.failed", id, "department-new-proposal",
                "DEPARTMENT", "RESOURCE_CIRCULATION", deliveryId, false, clock.instant()));
        send("notification.failed", id, notificationEvent("notification.failed", id, "department-new-proposal",
                "DEPARTMENT", "RESOURCE_CIRCULATION", deliveryId, true, clock.instant()));
        String copy = notificationEvent("notification.delivered", id, "department-new-proposal", "DEPARTMENT",
                "PARTNERSHIP", "copy-" + deliveryId, false, clock.instant());
        send("notification.delivered", id, copy.replace("\"attempts\"", "\"fallbackCopy\":true,\"attempts\""));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                count(stored(id), kr.seoul.sane.proposal.model.TimelineEvent.DELIVERED_FALLBACK) == 1
                        && count(stored(id), kr.seoul.sane.proposal.model.TimelineEvent.DELIVERY_FAILED) == 1);
        Proposal after = stored(id);
        assertThat(count(after, kr.seoul.sane.proposal.model.TimelineEvent.DELIVERED)).isEqualTo(1);
        assertThat(after.getStatus().name()).isEqualTo("ROUTED");
        assertThat(after.getTimeline()).hasSize(5); // submitted, routed, delivered, failed, delivered to PARTNERSHIP
        List<String> notes = after.getTimeline().stream().filter(t -> t.event() != null).map(t -> t.note()).toList();
        assertThat(notes).hasSize(3);
        assertThat(notes.get(0)).isEqualTo("자원순환과");
        assertThat(notes.get(1)).startsWith("자원순환과 — 550 5.1.1").endsWith("user unknown")
                .doesNotContain("resource-circulation@");
        assertThat(notes.get(2)).isEqualTo(stored(id).getTimeline().getLast().note()).isNotEqualTo("자원순환과");

        JsonNode tracked = JSON.readTree(get("/api/proposals/" + p[1] + "?email=" + p[2]).body());
        JsonNode timeline = tracked.path("timeline");
        assertThat(timeline.size()).as(timeline.toString()).isEqualTo(4);
        JsonNode entry = timeline.get(2);
        assertThat(entry.path("event").asString()).isEqualTo("DELIVERED");
        assertThat(entry.path("label").asString()).isEqualTo("부서에 전달됨");
        assertThat(entry.path("status").isNull()).isTrue();
        assertThat(entry.path("actor").asString()).isEqualTo("SYSTEM");
        assertThat(entry.path("note").asString()).isEqualTo("자원순환과");
        assertThat(entry.path("at").asString()).isNotEmpty();
        assertThat(timeline.get(3).path("label").asString()).isEqualTo("협력담당부서에 전달됨 (부서 메일 주소 오류)");
        assertThat(tracked.toString()).doesNotContain("DELIVERY_FAILED", "550 5.1.1");

        HttpResponse<String> trackPage = get("/track?code=" + p[1]);
        HttpResponse<String> shown = postForm("/track", Map.of("_csrf", csrf(trackPage.body()),
                "code", p[1], "email", p[2]), nextClient());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("<strong>부서에 전달됨</strong>",
                "<strong>협력담당부서에 전달됨 (부서 메일 주소 오류)</strong>", "· 자동 처리")
                .doesNotContain("발송 실패", "550 5.1.1");
        // English (?lang=en, remembered in its own browser's cookie)
        HttpClient english = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String form = page(english, port, "/track?code=" + p[1] + "&lang=en");
        HttpResponse<String> shownEn = english.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/track"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf(form), StandardCharsets.UTF_8)
                        + "&code=" + p[1] + "&email=" + URLEncoder.encode(p[2], StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shownEn.body()).contains("<strong>Delivered to the department</strong>",
                "<strong>Delivered to the partnership office (department address failed)</strong>");
        String department = get("/department/proposals/" + id + "?token="
                + links.sign(id, "RESOURCE_CIRCULATION", Duration.ofDays(30))).body();
        assertThat(department).contains("부서에 전달됨").doesNotContain("발송 실패");

        String ops = page(opsBrowser(), port, "/ops/proposals/" + id);
        assertThat(ops).contains("<strong>부서에 전달됨</strong>", "<strong>부서 메일 발송 실패</strong>",
                "user unknown", "운영자에게만 보임");
    }

    @Test
    void anEscalationMakesTheProposalOverdueUntilTheDepartmentActs() throws Exception {
        long before = overdueGauge("RESOURCE_CIRCULATION");
        String[] first = routedProposal("답변 기한을 넘긴 협력 제안 하나");
        String[] second = routedProposal("답변 기한을 넘긴 협력 제안 둘");
        String escalation = stored(first[0]).getProcessedEventIds().getFirst() + ":operator-escalation:OPERATOR";
        Instant now = clock.instant();
        // a stale escalation of another department changes nothing
        send("notification.delivered", first[0], notificationEvent("notification.delivered", first[0],
                "operator-escalation", "OPERATOR", "CLIMATE", escalation, false, now));
        send("notification.delivered", first[0], notificationEvent("notification.delivered", first[0],
                "operator-escalation", "OPERATOR", "RESOURCE_CIRCULATION", escalation, false, now));
        // the escalation mail failed for good: the proposal is overdue all the same
        send("notification.failed", second[0], notificationEvent("notification.failed", second[0],
                "operator-escalation", "OPERATOR", "RESOURCE_CIRCULATION", escalation, true, now));
        await().atMost(Duration.ofSeconds(15)).until(() -> stored(first[0]).getOverdueSince() != null
                && stored(second[0]).getOverdueSince() != null);
        assertThat(stored(first[0]).getOverdueSince()).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(count(stored(first[0]), kr.seoul.sane.proposal.model.TimelineEvent.OVERDUE)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> overdueGauge("RESOURCE_CIRCULATION") == before + 2);
        assertThat(get("/actuator/prometheus").body()).contains("sane_proposals_overdue{application=\"proposal-service\",department=\"CLIMATE\"} 0.0");

        HttpClient ops = opsBrowser();
        String overview = page(ops, port, "/ops");
        Matcher overdue = Pattern.compile("<span class=\"stat-value\">(\\d+)</span><span class=\"stat-label\">처리 지연")
                .matcher(overview);
        assertThat(overdue.find()).isTrue();
        assertThat(Long.parseLong(overdue.group(1))).isEqualTo(before + 2);
        assertThat(overview).contains("자원순환과");
        assertThat(page(ops, port, "/ops/proposals/" + first[0])).contains("답변 기한 초과 — 운영자에게 알림", "운영자에게만 보임");
        assertThat(get("/api/proposals/" + first[1] + "?email=" + first[2]).body()).doesNotContain("OVERDUE", "기한 초과");

        // the department starts its review: no longer overdue
        String token = links.sign(first[0], "RESOURCE_CIRCULATION", Duration.ofDays(30));
        assertThat(departmentAction(first[0], token, "START_REVIEW", null, null).statusCode()).isEqualTo(200);
        assertThat(stored(first[0]).getOverdueSince()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> overdueGauge("RESOURCE_CIRCULATION") == before + 1);
        Matcher later = Pattern.compile("<span class=\"stat-value\">(\\d+)</span><span class=\"stat-label\">처리 지연")
                .matcher(page(ops, port, "/ops"));
        assertThat(later.find()).isTrue();
        assertThat(Long.parseLong(later.group(1))).isEqualTo(before + 1);
        // a late escalation after the action does not bring it back
        send("notification.delivered", first[0], notificationEvent("notification.delivered", first[0],
                "operator-escalation", "OPERATOR", "RESOURCE_CIRCULATION", escalation, false, clock.instant()));
        String sentinel = notificationEvent("notification.delivered", first[0], "department-new-proposal",
                "DEPARTMENT", "RESOURCE_CIRCULATION", "sentinel", false, clock.instant());
        send("notification.delivered", first[0], sentinel);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                count(stored(first[0]), kr.seoul.sane.proposal.model.TimelineEvent.DELIVERED) == 1);
        assertThat(stored(first[0]).getOverdueSince()).isNull();
    }

    @Test
    void eventsForUnknownProposalsOrOtherMailsAreIgnoredAndUnreadableOnesDeadLettered() throws Exception {
        String[] p = routedProposal("다른 메일 알림은 무시되는 제안");
        String id = p[0];
        int size = stored(id).getTimeline().size();
        try (KafkaConsumer<String, String> deliveredDlq = consumer("error.notification.delivered.proposal-service");
             KafkaConsumer<String, String> failedDlq = consumer("error.notification.failed.proposal-service")) {
            String unknown = "0123456789abcdef01234567";
            send("notification.delivered", unknown, notificationEvent("notification.delivered", unknown,
                    "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", "x", false, clock.instant()));
            send("notification.failed", unknown, notificationEvent("notification.failed", unknown,
                    "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", "x", true, clock.instant()));
            send("notification.delivered", id, notificationEvent("notification.delivered", id,
                    "applicant-receipt", "APPLICANT", null, "y", false, clock.instant()));
            send("notification.failed", id, notificationEvent("notification.failed", id,
                    "applicant-routed", "APPLICANT", null, "y", true, clock.instant()));
            send("notification.delivered", id, "{\"not\": \"an envelope\"");
            // sentinels behind them on the same partitions
            send("notification.failed", id, notificationEvent("notification.failed", id,
                    "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", "z", true, clock.instant()));
            send("notification.delivered", id, notificationEvent("notification.delivered", id,
                    "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", "z", false, clock.instant()));
            await().atMost(Duration.ofSeconds(15)).until(() -> stored(id).getTimeline().size() == size + 2);
            assertThat(mongo.findById(unknown, Proposal.class)).isNull();
            // events for unknown proposals and other mails are acknowledged and ignored; only the unreadable
            // record goes to the dead-letter topic, with its key and bytes, instead of being dropped
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            long until = System.currentTimeMillis() + 2000;
            while (System.currentTimeMillis() < until) {
                deliveredDlq.poll(Duration.ofMillis(200)).forEach(dead::add);
                failedDlq.poll(Duration.ofMillis(200)).forEach(dead::add);
            }
            assertThat(dead).singleElement().satisfies(letter -> {
                assertThat(letter.topic()).isEqualTo("error.notification.delivered.proposal-service");
                assertThat(letter.key()).isEqualTo(id);
                assertThat(letter.value()).isEqualTo("{\"not\": \"an envelope\"");
            });
        }
    }

    /** The hostile-input suite and the security checks, run in this class's Spring context. */
    @Nested
    class HostileInputAndSecurity extends SecuritySuite {

        @Autowired
        org.springframework.core.env.Environment nestedEnvironment;

        @org.junit.jupiter.api.Order(0)
        @Test
        void runsInTheSameSpringContextAsTheEnclosingClass() {
            assertThat(nestedEnvironment).isSameAs(ProposalServiceIntegrationTest.this.environment);
            assertThat(port).isEqualTo(ProposalServiceIntegrationTest.this.port);
        }
    }
}
