package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TriageInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' triage console against an embedded Kafka broker and an in-memory MongoDB wire server: the queue
 * fed by {@code proposal.triaged}, assignment and "not a proposal" from the page and the JSON API (each published
 * once as a contract-valid {@code proposal.status-changed}), the following {@code proposal.routed} (routedBy
 * OPERATOR), routing-service's operator verdict (redelivered) and the login wall.
 */
@TestPropertySource(properties = "platform.rate-limit-per-minute=0")
class TriageConsoleIntegrationTest extends EmbeddedInfrastructureTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AtomicInteger CLIENTS = new AtomicInteger(1);
    static final String EXAMPLE_ID = "6741a3f2c9e77b1d2a5f0c11";
    static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));

    static KafkaConsumer<String, String> statusChanges;
    /** Every status-changed record seen so far, by proposal id (the record key). */
    static final Map<String, List<ConsumerRecord<String, String>>> SEEN = new LinkedHashMap<>();

    final HttpClient api = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void noConsumerYet() {
        statusChanges = null;
        SEEN.clear();
    }

    @AfterAll
    static void closeConsumer() {
        if (statusChanges != null) {
            statusChanges.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    synchronized List<ConsumerRecord<String, String>> statusChanged(String id, int atLeast, Duration within) {
        if (statusChanges == null) {
            Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "triage-test-" + UUID.randomUUID(), false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            statusChanges = new KafkaConsumer<>(props);
            statusChanges.subscribe(List.of("proposal.status-changed"));
        }
        Instant until = clock.instant().plus(within);
        do {
            statusChanges.poll(Duration.ofMillis(200)).forEach(r ->
                    SEEN.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        } while (SEEN.getOrDefault(id, List.of()).size() < atLeast && clock.instant().isBefore(until));
        return List.copyOf(SEEN.getOrDefault(id, List.of()));
    }

    /** Exactly one status-changed record for {@code id}, even after waiting for late duplicates. */
    JsonNode theOnlyStatusChange(String id) {
        assertThat(statusChanged(id, 1, Duration.ofSeconds(15))).isNotEmpty();
        List<ConsumerRecord<String, String>> records = statusChanged(id, 2, Duration.ofSeconds(2));
        assertThat(records).hasSize(1);
        EventContracts.assertConforms("proposal.status-changed", records.getFirst().value());
        return JSON.readTree(records.getFirst().value());
    }

    String submit(String title) throws Exception {
        String body = """
                {"organization":"한강 새활용 협동조합","organizationType":"NONPROFIT","contactName":"박지우",
                 "email":"triage-%s@example.org","phone":"02-2345-6789","title":"%s",
                 "content":"동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분과 생활용품으로 만드는 시민 참여 캠페인을 함께 추진하고 싶습니다.",
                 "field":null,"consent":true,"language":"ko"}
                """.formatted(UUID.randomUUID(), title);
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(uri("/api/proposals"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "10.1.0." + CLIENTS.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asString();
    }

    /** The contract's triage example for {@code id} under a fresh event id; returns the event id. */
    String triage(String id, String replaceFrom, String replaceTo) {
        String eventId = UUID.randomUUID().toString();
        String event = EventContracts.example("proposal.triaged").replace(EXAMPLE_ID, id)
                .replace("5abe8173-df96-4183-a25f-be6d70c14f56", eventId);
        if (replaceFrom != null) {
            event = event.replace(replaceFrom, replaceTo);
        }
        send("proposal.triaged", id, event);
        return eventId;
    }

    String inTriage(String title) throws Exception {
        String id = submit(title);
        triage(id, null, null);
        await().atMost(Duration.ofSeconds(15)).until(() -> "TRIAGE".equals(stored(id).getStatus().name()));
        return id;
    }

    HttpResponse<String> postApi(String path, String json, boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authenticated) {
            b.header("Authorization", AUTH);
        }
        return api.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aTriagedProposalIsQueuedWithItsCandidatesAndAnAssignmentFromThePageIsRoutedThere() throws Exception {
        String first = inTriage("분류 대기 화면에 먼저 들어온 제안");
        String id = inTriage("분류 대기 화면에서 부서를 고르는 제안");

        TriageInfo triage = stored(id).getTriage();
        assertThat(triage.reasonCode()).isEqualTo("LOW_CONFIDENCE");
        assertThat(triage.reason()).contains("점수 차가 작아");
        assertThat(triage.candidates()).extracting(TriageInfo.Candidate::departmentCode)
                .containsExactly("RESOURCE_CIRCULATION", "CLIMATE", "PARTNERSHIP");
        assertThat(triage.candidates().getFirst().score()).isEqualTo(0.41);

        Browser browser = new Browser().login();
        HttpResponse<String> page = browser.get("/ops/triage");
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("<html lang=\"ko\"", "분류 대기", "분류 대기 화면에서 부서를 고르는 제안",
                "한강 새활용 협동조합", "부서 판단 어려움", "점수 차가 작아 운영자 확인이 필요합니다",
                "1. 자원순환과", "2. 기후환경정책과", "3. 민관협력담당관", "점수 0.41", "점수 0.38", "점수 0.08",
                "이 부서로 배정", "다른 부서에 배정", "협력제안 아님", "action=\"/ops/triage/" + id + "/assign\"",
                "action=\"/ops/triage/" + id + "/not-a-proposal\"", "name=\"_csrf\"",
                "value=\"RESOURCE_CIRCULATION\"", "href=\"/ops/triage\"");
        // oldest first
        assertThat(html.indexOf("분류 대기 화면에 먼저 들어온 제안")).isLessThan(html.indexOf("분류 대기 화면에서 부서를 고르는 제안"));
        // the nav shows the backlog
        Matcher backlog = Pattern.compile("분류 대기 <span class=\"nav-count\">(\\d+)</span>").matcher(html);
        assertThat(backlog.find()).isTrue();
        assertThat(Long.parseLong(backlog.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(browser.get("/ops").body()).contains("분류 대기 <span class=\"nav-count\">");

        // one click on the second candidate
        HttpResponse<String> assigned = browser.post("/ops/triage/" + id + "/assign",
                Map.of("_csrf", csrf(html), "departmentCode", "CLIMATE"));
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(302);
        assertThat(assigned.headers().firstValue("Location").orElse("")).endsWith("/ops/triage");
        HttpResponse<String> after = browser.get("/ops/triage");
        assertThat(after.body()).contains("기후환경정책과에 배정했습니다").doesNotContain("action=\"/ops/triage/" + id + "/assign\"")
                .contains("action=\"/ops/triage/" + first + "/assign\"");
        assertThat(stored(id).getStatus().name()).isEqualTo("TRANSFERRED");

        JsonNode event = theOnlyStatusChange(id);
        JsonNode payload = event.path("payload");
        assertThat(event.path("proposalId").asString()).isEqualTo(id);
        assertThat(payload.path("trackingCode").asString()).isEqualTo(stored(id).getTrackingCode());
        assertThat(payload.path("status").asString()).isEqualTo("TRANSFERRED");
        assertThat(payload.path("previousStatus").asString()).isEqualTo("TRIAGE");
        assertThat(payload.path("departmentCode").asString()).isEqualTo("CLIMATE");
        assertThat(payload.path("actor").asString()).isEqualTo("OPERATOR");
        assertThat(payload.path("note").isNull()).isTrue();

        // routing-service answers with proposal.routed, routedBy OPERATOR
        String routed = EventContracts.example("proposal.routed").replace(EXAMPLE_ID, id)
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString())
                .replace("\"departmentCode\": \"RESOURCE_CIRCULATION\",\n    \"departmentName\": \"자원순환과\"",
                        "\"departmentCode\": \"CLIMATE\",\n    \"departmentName\": \"기후환경정책과\"")
                .replace("\"routedBy\": \"AUTO\"", "\"routedBy\": \"OPERATOR\"")
                .replace("2026-11-23T09:15:31Z", clock.instant().toString());
        assertThat(routed).contains("\"routedBy\": \"OPERATOR\"", "\"departmentCode\": \"CLIMATE\"");
        EventContracts.assertConforms("proposal.routed", routed);
        send("proposal.routed", id, routed);
        await().atMost(Duration.ofSeconds(15)).until(() -> "ROUTED".equals(stored(id).getStatus().name()));
        Proposal p = stored(id);
        assertThat(p.getDepartmentCode()).isEqualTo("CLIMATE");
        assertThat(p.getDepartmentName()).isEqualTo("기후환경정책과");
        assertThat(p.getTransferTo()).isNull();
        assertThat(p.getTimeline()).extracting(TimelineEntry::status).map(Enum::name)
                .containsSubsequence("SUBMITTED", "TRIAGE", "TRANSFERRED", "ROUTED");
        assertThat(p.getTimeline().getLast().note()).contains("운영자가 배정한 담당부서: 기후환경정책과");
        await().atMost(Duration.ofSeconds(5)).until(() -> stored(id).getPendingEvents().isEmpty());
    }

    @Test
    void theNotAProposalFormNeedsAReasonAndClosesTheProposal() throws Exception {
        String id = inTriage("협력제안이 아닌 개인 민원 글입니다");
        Browser browser = new Browser().login();
        String html = browser.get("/ops/triage").body();

        HttpResponse<String> empty = browser.post("/ops/triage/" + id + "/not-a-proposal",
                Map.of("_csrf", csrf(html), "reason", "   "));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("신청인에게 안내할 사유를 입력해 주세요", "aria-invalid=\"true\"");
        assertThat(stored(id).getStatus().name()).isEqualTo("TRIAGE");

        HttpResponse<String> done = browser.post("/ops/triage/" + id + "/not-a-proposal",
                Map.of("_csrf", csrf(empty.body()), "reason", "개인 민원은 응답소로 접수해 주세요."));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        Proposal p = stored(id);
        assertThat(p.getStatus().name()).isEqualTo("NOT_A_PROPOSAL");
        assertThat(p.getTimeline().getLast().actor()).isEqualTo("OPERATOR");
        assertThat(p.getTimeline().getLast().note()).isEqualTo("개인 민원은 응답소로 접수해 주세요.");

        JsonNode payload = theOnlyStatusChange(id).path("payload");
        assertThat(payload.path("status").asString()).isEqualTo("NOT_A_PROPOSAL");
        assertThat(payload.path("previousStatus").asString()).isEqualTo("TRIAGE");
        assertThat(payload.path("actor").asString()).isEqualTo("OPERATOR");
        assertThat(payload.path("note").asString()).isEqualTo("개인 민원은 응답소로 접수해 주세요.");
        assertThat(payload.path("departmentCode").isNull()).isTrue();

        // a second verdict on the same proposal is refused
        HttpResponse<String> again = browser.post("/ops/triage/" + id + "/not-a-proposal",
                Map.of("_csrf", csrf(browser.get("/ops/triage").body()), "reason", "다시"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("할 수 없습니다");
    }

    @Test
    void theJsonApiAssignsAndGivesVerdictsWithKoreanErrors() throws Exception {
        String id = inTriage("API로 배정하는 분류 대기 제안");
        String path = "/api/ops/proposals/" + id;

        HttpResponse<String> anonymous = postApi(path + "/assign", "{\"departmentCode\":\"CLIMATE\"}", false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("errors").get(0).path("message").asString()).contains("로그인");

        HttpResponse<String> missing = postApi(path + "/assign", "{}", true);
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(missing.body()).path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("departmentCode");
        assertThat(error.path("message").asString()).contains("배정할 부서를 골라 주세요");
        HttpResponse<String> unknown = postApi(path + "/assign", "{\"departmentCode\":\"NO_SUCH_DEPT\"}", true);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("부서 목록에 없습니다");
        HttpResponse<String> wrongType = postApi(path + "/assign", "{\"departmentCode\":42}", true);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(postApi("/api/ops/proposals/" + new org.bson.types.ObjectId().toHexString() + "/assign",
                "{\"departmentCode\":\"CLIMATE\"}", true).statusCode()).isEqualTo(404);
        HttpResponse<String> noReason = postApi(path + "/not-a-proposal", "{\"reason\":\"\"}", true);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReason.body()).path("errors").get(0).path("field").asString()).isEqualTo("reason");
        assertThat(stored(id).getStatus().name()).isEqualTo("TRIAGE");

        HttpResponse<String> ok = postApi(path + "/assign",
                "{\"departmentCode\":\"RESOURCE_CIRCULATION\",\"note\":\"병뚜껑 수거는 자원순환과 소관입니다.\"}", true);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("previousStatus").asString()).isEqualTo("TRIAGE");
        assertThat(body.path("status").asString()).isEqualTo("TRANSFERRED");
        assertThat(body.path("departmentCode").asString()).isEqualTo("RESOURCE_CIRCULATION");
        JsonNode payload = theOnlyStatusChange(id).path("payload");
        assertThat(payload.path("departmentCode").asString()).isEqualTo("RESOURCE_CIRCULATION");
        assertThat(payload.path("note").asString()).isEqualTo("병뚜껑 수거는 자원순환과 소관입니다.");
        assertThat(payload.path("actor").asString()).isEqualTo("OPERATOR");

        HttpResponse<String> twice = postApi(path + "/assign", "{\"departmentCode\":\"CLIMATE\"}", true);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(twice.body()).path("errors").get(0).path("message").asString())
                .contains("지금 상태(이송)에서는");
        HttpResponse<String> verdictNow = postApi(path + "/not-a-proposal", "{\"reason\":\"광고입니다.\"}", true);
        assertThat(verdictNow.statusCode()).isEqualTo(409);
    }

    @Test
    void anOperatorClosesARoutedProposalAsNotAProposal() throws Exception {
        String id = submit("부서에 배정되었지만 판매 홍보인 글");
        send("proposal.routed", id, EventContracts.example("proposal.routed").replace(EXAMPLE_ID, id)
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(15)).until(() -> "ROUTED".equals(stored(id).getStatus().name()));
        HttpResponse<String> assign = postApi("/api/ops/proposals/" + id + "/assign", "{\"departmentCode\":\"CLIMATE\"}", true);
        assertThat(assign.statusCode()).as("assignment is for triage only").isEqualTo(409);

        HttpResponse<String> ok = postApi("/api/ops/proposals/" + id + "/not-a-proposal",
                "{\"reason\":\"제품 판매 안내는 계약·구매 안내를 이용해 주세요.\"}", true);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode payload = theOnlyStatusChange(id).path("payload");
        assertThat(payload.path("status").asString()).isEqualTo("NOT_A_PROPOSAL");
        assertThat(payload.path("previousStatus").asString()).isEqualTo("ROUTED");
        assertThat(payload.path("departmentCode").isNull()).isTrue();
    }

    @Test
    void routingsOperatorVerdictClosesTheProposalOnceEvenWhenRedelivered() throws Exception {
        String id = inTriage("라우팅 서비스에서 협력제안 아님으로 판정된 글");
        String eventId = UUID.randomUUID().toString();
        String reason = "구인 광고는 서울일자리포털을 이용해 주세요.";
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", stored(id).getTrackingCode());
        payload.put("reasonCode", "NOT_A_PROPOSAL");
        payload.put("reason", reason);
        payload.put("confidence", 0.2);
        payload.put("candidates", List.of(Map.of("departmentCode", "PARTNERSHIP", "score", 0.2)));
        payload.put("decidedBy", "OPERATOR");
        payload.put("previousDepartmentCode", null);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId);
        envelope.put("type", "proposal.triaged");
        envelope.put("schemaVersion", 1);
        envelope.put("occurredAt", clock.instant().toString());
        envelope.put("proposalId", id);
        envelope.put("producer", "routing-service");
        envelope.put("traceparent", null);
        envelope.put("payload", payload);
        String verdict = JSON.writeValueAsString(envelope);
        EventContracts.assertConforms("proposal.triaged", verdict);

        send("proposal.triaged", id, verdict);
        send("proposal.triaged", id, verdict);
        await().atMost(Duration.ofSeconds(15)).until(() -> "NOT_A_PROPOSAL".equals(stored(id).getStatus().name()));

        JsonNode event = theOnlyStatusChange(id);
        JsonNode p = event.path("payload");
        assertThat(p.path("status").asString()).isEqualTo("NOT_A_PROPOSAL");
        assertThat(p.path("previousStatus").asString()).isEqualTo("TRIAGE");
        assertThat(p.path("actor").asString()).isEqualTo("OPERATOR");
        assertThat(p.path("note").asString()).isEqualTo(reason);
        assertThat(p.path("departmentCode").isNull()).isTrue();
        // a third delivery after the change: still one event, one timeline entry
        send("proposal.triaged", id, verdict);
        Thread.sleep(1500);
        assertThat(statusChanged(id, 2, Duration.ofSeconds(2))).hasSize(1);
        Proposal stored = stored(id);
        assertThat(stored.getTimeline()).filteredOn(t -> t.status().name().equals("NOT_A_PROPOSAL")).hasSize(1);
        assertThat(stored.getTimeline().getLast().note()).isEqualTo(reason);
        assertThat(stored.getTimeline().getLast().actor()).isEqualTo("OPERATOR");
        assertThat(stored.getProcessedEventIds()).containsOnlyOnce(eventId);
    }

    @Test
    void anonymousUsersAreSentToTheLoginOrGet401() throws Exception {
        String id = inTriage("로그인 없이 볼 수 없는 분류 대기 제안");
        Browser anonymous = new Browser();
        HttpResponse<String> page = anonymous.get("/ops/triage");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/ops/login?next=%2Fops%2Ftriage");
        String token = csrf(anonymous.get("/ops/login").body());
        HttpResponse<String> post = anonymous.post("/ops/triage/" + id + "/assign",
                Map.of("_csrf", token, "departmentCode", "CLIMATE"));
        assertThat(post.statusCode()).isEqualTo(302);
        assertThat(post.headers().firstValue("Location").orElse("")).endsWith("/ops/login");
        HttpResponse<String> noToken = new Browser().post("/ops/triage/" + id + "/not-a-proposal",
                Map.of("reason", "스팸"));
        assertThat(noToken.statusCode()).isIn(302, 403);
        for (String action : List.of("/assign", "/not-a-proposal")) {
            HttpResponse<String> r = postApi("/api/ops/proposals/" + id + action,
                    "{\"departmentCode\":\"CLIMATE\",\"reason\":\"스팸\"}", false);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
        // a logged-in browser without the CSRF token is refused too
        Browser operator = new Browser().login();
        assertThat(operator.post("/ops/triage/" + id + "/assign", Map.of("departmentCode", "CLIMATE")).statusCode())
                .isEqualTo(403);
        assertThat(stored(id).getStatus().name()).isEqualTo("TRIAGE");
    }
}
