package kr.seoul.sane.routing.directory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import kr.seoul.sane.routing.classifier.Department;
import kr.seoul.sane.routing.classifier.ProposalText;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetSocketAddress;
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

/**
 * The directory owned by routing-service, with a real broker and the Mongo wire protocol: an administrator adds,
 * edits, merges and retires departments through the API; the classifier follows at once and every version is
 * published as a contract-valid {@code department.directory-changed} through the outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.operator.user=ops",
        "platform.operator.password=ops-secret",
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@Import(PinnedClock.class)
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.status-changed", "proposal.personal-data-erased",
        "proposal.routed", "proposal.triaged", DirectoryEvents.TYPE})
class DirectoryIntegrationTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = basic("ops:ops-secret");
    private static final String READER = basic("reader:reader-secret");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        kr.seoul.sane.routing.TestStores.mongoAndReader(registry, MONGO_ADDRESS);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    RoutingClassifier classifier;
    @Autowired
    DepartmentVersionRepository versions;
    @Autowired
    DirectoryEvents events;
    @Autowired
    MutableClock clock;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAddedDepartmentIsRoutedToAtOnceAndPublishedWithItsVersion() throws Exception {
        try (Received directory = received("directory-add", DirectoryEvents.TYPE);
             Received routing = received("directory-routing", "proposal.routed", "proposal.triaged")) {
            Map<String, Object> bees = department("도시양봉과", "urban-bees@dept.seoul.example",
                    "도심 옥상 양봉장 조성과 꿀벌 보호 교육, 양봉 농가와 밀원 식물 보급을 맡습니다.",
                    "양봉 꿀벌 벌통 양봉장 밀원 화분매개 토종벌", "2027년 조직 개편: 도시양봉 전담 부서 신설");
            bees.put("fields", List.of("ENVIRONMENT_PARKS"));
            HttpResponse<String> created = send("PUT", "/URBAN_BEEKEEPING", ADMIN, bees);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode version = JSON.readTree(created.body());
            assertThat(version.path("version").asInt()).isEqualTo(1);
            assertThat(version.path("change").asString()).isEqualTo("ADDED");
            assertThat(version.path("changedBy").asString()).isEqualTo("ops");
            assertThat(version.path("reason").asString()).contains("신설");

            ConsumerRecord<String, String> event = directory.one("URBAN_BEEKEEPING", "ADDED");
            EventContracts.assertConforms(DirectoryEvents.TYPE, event.value());
            JsonNode payload = JSON.readTree(event.value()).path("payload");
            assertThat(payload.path("change").asString()).isEqualTo("ADDED");
            assertThat(payload.path("version").asInt()).isEqualTo(1);
            assertThat(payload.path("changedBy").asString()).isEqualTo("ops");
            assertThat(payload.path("department").path("email").asString()).isEqualTo("urban-bees@dept.seoul.example");
            assertThat(payload.path("department").path("fields").toString()).contains("ENVIRONMENT_PARKS");
            assertThat(payload.path("department").path("status").asString()).isEqualTo("ACTIVE");
            assertThat(versions.findById("URBAN_BEEKEEPING@1")).get()
                    .satisfies(v -> assertThat(v.pendingEvent()).as("outbox cleared after the ack").isNull());

            // the classifier uses the new department at once: in memory and for a submitted proposal
            String title = "아파트 옥상 양봉장과 꿀벌 교육";
            String content = "단지 옥상에 벌통을 두고 토종벌을 기르며 주민에게 양봉과 밀원 식물 교육을 하는 사업을 제안합니다.";
            assertThat(classifier.classify(new ProposalText(title, content, "ENVIRONMENT_PARKS", "RESIDENT", "주민모임", false))
                    .topDepartment()).isEqualTo("URBAN_BEEKEEPING");
            String proposalId = "bees-" + UUID.randomUUID();
            ObjectNode submitted = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            submitted.put("eventId", UUID.randomUUID().toString());
            submitted.put("proposalId", proposalId);
            ((ObjectNode) submitted.path("payload").path("proposal")).put("title", title).put("content", content);
            producer().send(new ProducerRecord<>("proposal.submitted", proposalId, JSON.writeValueAsString(submitted))).get();
            ConsumerRecord<String, String> routed = routing.one(proposalId, null);
            assertThat(routed.topic()).as("routed automatically").isEqualTo("proposal.routed");
            EventContracts.assertConforms("proposal.routed", routed.value());
            JsonNode decided = JSON.readTree(routed.value()).path("payload");
            assertThat(decided.path("departmentCode").asString()).isEqualTo("URBAN_BEEKEEPING");
            assertThat(decided.path("departmentEmail").asString()).isEqualTo("urban-bees@dept.seoul.example");

            // an edit is the next version, published too
            bees.put("email", "bees-desk@dept.seoul.example");
            bees.put("reason", "대표 메일 주소 변경");
            HttpResponse<String> edited = send("PUT", "/URBAN_BEEKEEPING", ADMIN, bees);
            assertThat(edited.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(edited.body()).path("version").asInt()).isEqualTo(2);
            JsonNode second = JSON.readTree(directory.one("URBAN_BEEKEEPING", "EDITED").value()).path("payload");
            assertThat(second.path("change").asString()).isEqualTo("EDITED");
            assertThat(second.path("version").asInt()).isEqualTo(2);
            assertThat(second.path("department").path("email").asString()).isEqualTo("bees-desk@dept.seoul.example");
            assertThat(classifier.directory().find("URBAN_BEEKEEPING").map(Department::email))
                    .contains("bees-desk@dept.seoul.example");
        }

        // bad input: Korean 4xx, nothing stored
        Map<String, Object> another = department("도시양봉2과", "bees2@dept.seoul.example",
                "도심 양봉 두 번째 부서의 담당 업무 설명입니다.", "양봉", null);
        another.put("code", "URBAN_BEEKEEPING");
        HttpResponse<String> duplicate = send("POST", "", ADMIN, another);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(message(duplicate)).contains("이미 있는");
        another.put("code", "bad code");
        assertThat(message(send("POST", "", ADMIN, another))).contains("부서 코드는");
        Map<String, Object> badMail = department("새부서", "no-at-sign", "새 부서의 담당 업무를 적습니다.", "", null);
        HttpResponse<String> invalid = send("PUT", "/NEW_DESK", ADMIN, badMail);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(message(invalid)).contains("이메일 주소 형식");
        badMail.put("email", "new-desk@dept.seoul.example");
        badMail.put("fields", List.of("NOT_A_FIELD"));
        assertThat(message(send("PUT", "/NEW_DESK", ADMIN, badMail))).contains("분야 코드");
        assertThat(versions.findByCodeOrderByVersionDesc("NEW_DESK")).isEmpty();
        // an operator without ADMIN reads but changes nothing
        assertThat(send("GET", "", READER, null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/NEW_DESK", READER, another).statusCode()).isEqualTo(403);
        assertThat(send("POST", "", READER, another).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/URBAN_BEEKEEPING?successor=PARTNERSHIP&reason=x", READER, null).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/URBAN_BEEKEEPING/merge", READER, Map.of("into", "PARTNERSHIP", "reason", "x"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aMergedDepartmentsTopicsGoToItsSuccessorAndARetiredOneTakesNoMore() throws Exception {
        assertThat(send("PUT", "/SNOW_DESK", ADMIN, department("제설대응과", "snow@dept.seoul.example",
                "겨울철 제설 작업과 염화칼슘 비축, 빙판길 안전 대응을 맡습니다.", "제설 염화칼슘 빙판길 폭설 눈치우기", "신설"))
                .statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/WINTER_DESK", ADMIN, department("겨울안전과", "winter@dept.seoul.example",
                "겨울철 한파 쉼터 운영과 동파 예방, 겨울 재난 대비를 맡습니다.", "한파 쉼터 동파 겨울재난", "신설"))
                .statusCode()).isEqualTo(201);

        // refused merges: into itself, into an unknown code, without a reason, an unknown department
        assertThat(message(send("POST", "/SNOW_DESK/merge", ADMIN, Map.of("into", "SNOW_DESK", "reason", "통합"))))
                .contains("자기 자신");
        assertThat(message(send("POST", "/SNOW_DESK/merge", ADMIN, Map.of("into", "NOWHERE", "reason", "통합"))))
                .contains("부서 목록에 없는");
        assertThat(message(send("POST", "/SNOW_DESK/merge", ADMIN, Map.of("into", "WINTER_DESK"))))
                .contains("변경 사유");
        assertThat(send("POST", "/NOWHERE/merge", ADMIN, Map.of("into", "WINTER_DESK", "reason", "통합"))
                .statusCode()).isEqualTo(404);

        try (Received directory = received("directory-merge", DirectoryEvents.TYPE)) {
            HttpResponse<String> merged = send("POST", "/SNOW_DESK/merge", ADMIN,
                    Map.of("into", "WINTER_DESK", "reason", "겨울철 업무 일원화"));
            assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
            assertThat(JSON.readTree(merged.body()).path("total").asInt()).isEqualTo(2);
            JsonNode gone = JSON.readTree(directory.one("SNOW_DESK", "MERGED").value());
            EventContracts.assertConforms(DirectoryEvents.TYPE, JSON.writeValueAsString(gone));
            assertThat(gone.path("payload").path("change").asString()).isEqualTo("MERGED");
            assertThat(gone.path("payload").path("department").path("status").asString()).isEqualTo("RETIRED");
            assertThat(gone.path("payload").path("department").path("successorCode").asString()).isEqualTo("WINTER_DESK");
            JsonNode successor = JSON.readTree(directory.one("WINTER_DESK", "EDITED").value()).path("payload");
            assertThat(successor.path("version").asInt()).isEqualTo(2);
            assertThat(successor.path("department").path("keywords").asString()).contains("한파", "염화칼슘");
        }
        assertThat(classifier.directory().contains("SNOW_DESK")).isFalse();
        assertThat(classifier.classify(new ProposalText("폭설 때 빙판길 제설", "골목 빙판길에 염화칼슘을 미리 뿌리고 "
                + "주민이 함께 눈치우기를 하는 제설 봉사단을 제안합니다.", null, "RESIDENT", "주민모임", false))
                .topDepartment()).isEqualTo("WINTER_DESK");

        // a retired department cannot be changed, merged again or be a successor
        HttpResponse<String> edit = send("PUT", "/SNOW_DESK", ADMIN, department("제설대응과", "snow@dept.seoul.example",
                "겨울철 제설 작업과 염화칼슘 비축을 맡습니다.", "", null));
        assertThat(edit.statusCode()).isEqualTo(409);
        assertThat(message(edit)).contains("폐지된 부서");
        assertThat(message(send("POST", "/WINTER_DESK/merge", ADMIN, Map.of("into", "SNOW_DESK", "reason", "역통합"))))
                .contains("폐지된 부서로는");
        assertThat(send("DELETE", "/SNOW_DESK?successor=PARTNERSHIP&reason=x", ADMIN, null).statusCode()).isEqualTo(409);

        try (Received directory = received("directory-retire", DirectoryEvents.TYPE)) {
            HttpResponse<String> retired = send("DELETE", "/WINTER_DESK?successor=PARTNERSHIP&reason="
                    + URLEncoder.encode("업무 종료", StandardCharsets.UTF_8), ADMIN, null);
            assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
            JsonNode event = JSON.readTree(directory.one("WINTER_DESK", "RETIRED").value()).path("payload");
            assertThat(event.path("change").asString()).isEqualTo("RETIRED");
            assertThat(event.path("reason").asString()).isEqualTo("업무 종료");
            assertThat(event.path("department").path("successorCode").asString()).isEqualTo("PARTNERSHIP");
        }
        assertThat(classifier.directory().contains("WINTER_DESK")).isFalse();
        JsonNode list = JSON.readTree(send("GET", "", ADMIN, null).body()).path("items");
        List<String> retired = new ArrayList<>();
        list.forEach(d -> {
            if ("RETIRED".equals(d.path("status").asString())) {
                retired.add(d.path("code").asString());
            }
        });
        assertThat(retired).as("in the order they were added").containsSubsequence("SNOW_DESK", "WINTER_DESK");
    }

    @Test
    void theRelayPublishesAVersionLeftPendingOnceUnderItsEventId() throws Exception {
        Department copy = new Department("RELAY_DESK", "릴레이 확인과", "", "relay@dept.seoul.example", List.of(),
                "중단된 발행을 다시 보내는지 확인하는 부서입니다.", "", "릴레이", "", "");
        DepartmentVersion pending = DepartmentVersion.of(copy, 1, clock.instant().minus(Duration.ofMinutes(5)), "ops",
                DepartmentVersion.Change.ADDED, DepartmentVersion.Status.ACTIVE, null, "발행 전에 멈춘 변경");
        versions.insert(pending);
        try (Received directory = received("directory-relay", DirectoryEvents.TYPE)) {
            events.relay();
            ConsumerRecord<String, String> sent = directory.one("RELAY_DESK", "ADDED");
            EventContracts.assertConforms(DirectoryEvents.TYPE, sent.value());
            assertThat(JSON.readTree(sent.value()).path("eventId").asString()).isEqualTo(DirectoryEvents.eventId(pending));
            assertThat(versions.findById("RELAY_DESK@1")).get().satisfies(v -> assertThat(v.pendingEvent()).isNull());
            events.relay();
            directory.keepPolling(Duration.ofSeconds(2));
            assertThat(directory.all("RELAY_DESK", "ADDED", Duration.ZERO)).hasSize(1);
        }
    }

    @Test
    void theAdminPageAddsEditsMergesAndRetiresWithPlainFormsAndAnOperatorOnlyReads() throws Exception {
        String list = "/ops/routing/departments";
        HttpResponse<String> readOnly = page("GET", list, READER, null, null);
        assertThat(readOnly.statusCode()).isEqualTo(200);
        assertThat(readOnly.body()).contains("부서 목록", "관리자(ADMIN) 권한이 필요합니다", "PARTNERSHIP")
                .doesNotContain("name=\"code\"");
        assertThat(page("GET", list + "?lang=en", READER, null, null).body()).contains("<h1>Departments</h1>");

        HttpResponse<String> adminPage = page("GET", list, ADMIN, null, null);
        assertThat(adminPage.body()).contains("name=\"code\"", "name=\"_csrf\"", "<fieldset id=\"fields\"");
        Csrf csrf = Csrf.of(adminPage);
        Map<String, String> form = new LinkedHashMap<>(Map.of("code", "PAGE_DESK", "name", "화면확인과",
                "email", "no-at-sign", "responsibilities", "운영 화면으로 추가한 부서의 담당 업무입니다.",
                "keywords", "화면확인 페이지점검", "reason", "화면에서 추가"));
        form.put("fields", "ENVIRONMENT_PARKS");
        assertThat(page("POST", list, ADMIN, form, null).statusCode()).as("no CSRF token").isEqualTo(403);
        HttpResponse<String> invalid = page("POST", list, ADMIN, form, csrf);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("이메일 주소 형식이 올바르지 않습니다", "aria-invalid=\"true\"", "value=\"화면확인과\"");
        form.put("email", "page-desk@dept.seoul.example");
        HttpResponse<String> added = page("POST", list, ADMIN, form, csrf);
        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location")).get().asString().endsWith(list + "/PAGE_DESK?saved=added");
        assertThat(classifier.directory().find("PAGE_DESK").map(Department::fields)).contains(List.of("ENVIRONMENT_PARKS"));
        assertThat(page("GET", list + "/PAGE_DESK?saved=added", ADMIN, null, null).body())
                .contains("새 부서를 추가했습니다", "화면에서 추가", "id=\"edit-heading\"", "id=\"merge-heading\"",
                        "id=\"retire-heading\"", "name=\"successor\"");

        form.remove("code");
        form.put("email", "page-desk-2@dept.seoul.example");
        form.put("reason", "메일 주소 변경");
        assertThat(page("POST", list + "/PAGE_DESK", ADMIN, form, csrf).statusCode()).isEqualTo(303);
        assertThat(versions.findById("PAGE_DESK@2")).get().satisfies(v -> {
            assertThat(v.email()).isEqualTo("page-desk-2@dept.seoul.example");
            assertThat(v.reason()).isEqualTo("메일 주소 변경");
        });
        HttpResponse<String> itself = page("POST", list + "/PAGE_DESK/merge", ADMIN,
                Map.of("into", "PAGE_DESK", "reason", "통합"), csrf);
        assertThat(itself.statusCode()).isEqualTo(400);
        assertThat(itself.body()).contains("자기 자신");
        assertThat(page("POST", list + "/PAGE_DESK/retire", READER,
                Map.of("successor", "PARTNERSHIP", "reason", "종료"), Csrf.of(readOnly)).statusCode()).isEqualTo(403);
        HttpResponse<String> retired = page("POST", list + "/PAGE_DESK/retire", ADMIN,
                Map.of("successor", "PARTNERSHIP", "reason", "시범 종료"), csrf);
        assertThat(retired.statusCode()).isEqualTo(303);
        assertThat(classifier.directory().contains("PAGE_DESK")).isFalse();
        assertThat(page("GET", list + "/PAGE_DESK", ADMIN, null, null).body())
                .contains("폐지된 부서입니다", "시범 종료").doesNotContain("id=\"edit-heading\"");
        HttpResponse<String> nowhere = page("GET", list + "/NOWHERE", ADMIN, null, null);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        // the shared ops error page: the service's own reason and the way back to the department list
        assertThat(nowhere.body()).contains("요청을 처리할 수 없습니다", "찾는 부서나 페이지가 없습니다.",
                "href=\"/ops/routing/departments\"", "목록으로 돌아가기").containsOnlyOnce("</head>");
    }

    /** The CSRF cookie and the token of a page's forms. */
    private record Csrf(String cookie, String token) {

        static Csrf of(HttpResponse<String> page) {
            String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
            java.util.regex.Matcher token = java.util.regex.Pattern
                    .compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(token.find()).as("a form with its CSRF token").isTrue();
            return new Csrf(cookie, token.group(1));
        }
    }

    private HttpResponse<String> page(String method, String path, String authorization, Map<String, String> form,
                                      Csrf csrf) throws Exception {
        StringBuilder body = new StringBuilder();
        if (form != null) {
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            if (csrf != null) {
                body.append("&_csrf=").append(URLEncoder.encode(csrf.token(), StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).header("Accept", "text/html")
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (csrf != null) {
            b.header("Cookie", csrf.cookie());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> department(String name, String email, String responsibilities, String keywords,
                                                  String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("email", email);
        body.put("responsibilities", responsibilities);
        body.put("keywords", keywords);
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    private HttpResponse<String> send(String method, String path, String authorization, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/ops/routing/departments" + path))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        return JSON.readTree(response.body()).path("errors").toString();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaTemplate<String, String> producer() {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new StringSerializer()));
    }

    private Received received(String group, String... topics) {
        return new Received(consumer(group, topics));
    }

    private Consumer<String, String> consumer(String group, String... topics) {
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, group, false), new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    /** The records a consumer received so far, searched by key and payload change; polls until one matches. */
    private static final class Received implements AutoCloseable {
        private final Consumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        Received(Consumer<String, String> consumer) {
            this.consumer = consumer;
        }

        List<ConsumerRecord<String, String>> all(String key, String change, Duration timeout) {
            long end = System.nanoTime() + timeout.toNanos();
            List<ConsumerRecord<String, String>> found = matching(key, change);
            while (found.isEmpty() && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                found = matching(key, change);
            }
            return found;
        }

        void keepPolling(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }

        ConsumerRecord<String, String> one(String key, String change) {
            List<ConsumerRecord<String, String>> found = all(key, change, Duration.ofSeconds(30));
            assertThat(found).as("%s %s", key, change).hasSize(1);
            return found.getFirst();
        }

        private List<ConsumerRecord<String, String>> matching(String key, String change) {
            return seen.stream().filter(r -> key.equals(r.key()) && (change == null
                    || change.equals(JSON.readTree(r.value()).path("payload").path("change").asString()))).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
