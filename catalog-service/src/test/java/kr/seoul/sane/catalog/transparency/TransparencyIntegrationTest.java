package kr.seoul.sane.catalog.transparency;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.contracts.EventContracts;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The transparency read model fed through a real (embedded) Kafka broker, with the contract's events: the published
 * figures, the open-data files, redelivery and a rebuild from offset 0, and the absence of personal data.
 */
@SpringBootTest(properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN", "logging.level.org.apache.kafka.clients.NetworkClient=ERROR",
        "platform.operator.user=operator", "platform.operator.password=" + TransparencyIntegrationTest.PASSWORD,
        "platform.ops.session-secret=transparency-test-session-secret-32b",
        "catalog.transparency.refresh-after=PT0S"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 2,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted"},
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
public class TransparencyIntegrationTest {

    static final String PASSWORD = "transparency-test-operator";
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    /** Personal fields of every proposal: none of these strings may appear in anything published. */
    public static final List<String> PERSONAL = List.of("비밀협동조합가나다", "홍길동숨김", "hidden.person@privacy.example",
            "010-9876-5432", "공개되면안되는제목", "공개되면 안 되는 본문");
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = "mongodb://" + MONGO.bind().getHostString() + ":" + MONGO.bind().getPort();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TransparencyMetrics metrics;

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    /** The scenario of ResponseFiguresTest as events: two departments, a transfer, an answer across 추석, one overdue. */
    public static List<ProducerRecord<String, String>> scenario() {
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        String p1 = "tr-" + UUID.randomUUID();
        events.add(submitted(p1, "2026-11-20T01:00:00Z", "ENVIRONMENT_PARKS"));
        events.add(routed(p1, "2026-11-20T01:00:01Z", "RESOURCE_CIRCULATION", "자원순환과", "AUTO", "ENVIRONMENT_PARKS", "2026-11-20T01:00:00Z"));
        events.add(changed(p1, "2026-11-23T02:00:00Z", "ACCEPTED", "DEPARTMENT", "RESOURCE_CIRCULATION"));
        String p2 = "tr-" + UUID.randomUUID();
        events.add(submitted(p2, "2026-11-20T01:00:00Z", "ENVIRONMENT_PARKS"));
        events.add(routed(p2, "2026-11-20T01:00:01Z", "RESOURCE_CIRCULATION", "자원순환과", "AUTO", "ENVIRONMENT_PARKS", "2026-11-20T01:00:00Z"));
        events.add(changed(p2, "2026-11-24T02:00:00Z", "TRANSFERRED", "DEPARTMENT", "CLIMATE"));
        events.add(routed(p2, "2026-11-24T02:00:01Z", "CLIMATE", "기후환경정책과", "TRANSFER", "ENVIRONMENT_PARKS", "2026-11-20T01:00:00Z"));
        events.add(changed(p2, "2026-11-24T05:00:00Z", "DECLINED", "DEPARTMENT", "CLIMATE"));
        String p3 = "tr-" + UUID.randomUUID();
        events.add(submitted(p3, "2026-09-22T01:00:00Z", null));
        events.add(changed(p3, "2026-09-23T00:59:00Z", "TRANSFERRED", "OPERATOR", "CLIMATE"));
        events.add(routed(p3, "2026-09-23T01:00:00Z", "CLIMATE", "기후환경정책과", "OPERATOR", null, "2026-09-22T01:00:00Z"));
        events.add(changed(p3, "2026-09-29T01:00:00Z", "INFO_REQUESTED", "DEPARTMENT", "CLIMATE"));
        String p4 = "tr-" + UUID.randomUUID();
        events.add(submitted(p4, "2026-11-10T01:00:00Z", "EDUCATION"));
        events.add(routed(p4, "2026-11-10T01:00:01Z", "RESOURCE_CIRCULATION", "자원순환과", "AUTO", "EDUCATION", "2026-11-10T01:00:00Z"));
        String p5 = "tr-" + UUID.randomUUID();
        events.add(submitted(p5, "2026-11-24T01:00:00Z", "EDUCATION"));
        events.add(routed(p5, "2026-11-24T01:00:01Z", "RESOURCE_CIRCULATION", "자원순환과", "AUTO", "EDUCATION", "2026-11-24T01:00:00Z"));
        return events;
    }

    @Test
    void theFiguresFollowTheEventsSurviveRedeliveryAndARebuildAndNameNoPerson() throws Exception {
        // before any event: empty figures, null for the empty denominators, and the page says so
        JsonNode empty = summary();
        assertThat(empty.path("proposals").path("total").asInt()).isZero();
        assertThat(empty.path("proposals").path("autoRoutedShare").isNull()).isTrue();
        assertThat(empty.path("departments").isEmpty()).isTrue();
        assertThat(new String(body("/api/open-data/departments.csv"), StandardCharsets.UTF_8)).isEqualTo("\uFEFF"
                + "code,name,received,decided,accepted,acceptanceRate,medianBusinessDaysToFirstAnswer,overdue,"
                + "retired,successorCode,successorName\r\n");
        assertThat(new String(body("/transparency"), StandardCharsets.UTF_8)).contains("아직 접수된 제안이 없습니다.");

        List<ProducerRecord<String, String>> events = scenario();
        send(events);
        JsonNode summary = awaitSummary(s -> s.path("proposals").path("total").asInt() == 5
                && s.path("departments").size() == 2 && s.path("departments").get(1).path("decided").asInt() == 1
                && s.path("departments").get(0).path("decided").asInt() == 1
                && s.path("departments").get(1).path("medianBusinessDaysToFirstAnswer").asDouble() == 0.5);

        assertThat(summary.path("generatedAt").asString()).isEqualTo(NOW.toString());
        assertThat(summary.path("license").path("name").asString()).contains("공공누리 제1유형");
        assertThat(summary.path("proposals").path("autoRoutedShare").asDouble()).isEqualTo(0.8);
        assertThat(summary.path("proposals").path("byMonth").toString())
                .isEqualTo("[{\"month\":\"2026-09\",\"count\":1},{\"month\":\"2026-10\",\"count\":0},"
                        + "{\"month\":\"2026-11\",\"count\":4}]");
        assertThat(summary.path("proposals").path("byField").toString())
                .contains("{\"field\":\"ENVIRONMENT_PARKS\",\"count\":2}", "{\"field\":\"EDUCATION\",\"count\":2}",
                        "{\"field\":\"UNSPECIFIED\",\"count\":1}");
        assertThat(summary.path("departments").toString()).isEqualTo("[{\"code\":\"RESOURCE_CIRCULATION\","
                + "\"name\":\"자원순환과\",\"received\":4,\"decided\":1,\"accepted\":1,\"acceptanceRate\":1.0,"
                + "\"medianBusinessDaysToFirstAnswer\":1.5,\"overdue\":1,\"retired\":false,\"successorCode\":null,"
                + "\"successorName\":null},{\"code\":\"CLIMATE\",\"name\":\"기후환경정책과\","
                + "\"received\":2,\"decided\":1,\"accepted\":0,\"acceptanceRate\":0.0,"
                + "\"medianBusinessDaysToFirstAnswer\":0.5,\"overdue\":0,\"retired\":false,\"successorCode\":null,"
                + "\"successorName\":null}]");

        byte[] departments = body("/api/open-data/departments.csv");
        assertThat(departments).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(departments, StandardCharsets.UTF_8)).isEqualTo("\uFEFF"
                + "code,name,received,decided,accepted,acceptanceRate,medianBusinessDaysToFirstAnswer,overdue,"
                + "retired,successorCode,successorName\r\n"
                + "RESOURCE_CIRCULATION,자원순환과,4,1,1,1.0,1.5,1,false,,\r\n"
                + "CLIMATE,기후환경정책과,2,1,0,0.0,0.5,0,false,,\r\n");
        String fields = new String(body("/api/open-data/fields.csv"), StandardCharsets.UTF_8);
        assertThat(fields).startsWith("\uFEFFfield,fieldName,fieldNameEn,count\r\n")
                .contains("\r\nENVIRONMENT_PARKS,환경·공원,Environment and parks,2\r\n")
                .contains("\r\nUNSPECIFIED,모름,not specified,1\r\n");
        mvc.perform(get("/api/open-data/fields.csv")).andExpect(status().isOk()).andExpect(result ->
                assertThat(result.getResponse().getContentType()).isEqualTo("text/csv;charset=UTF-8"));

        String published = summary + new String(departments, StandardCharsets.UTF_8) + fields
                + new String(body("/transparency"), StandardCharsets.UTF_8)
                + new String(body("/transparency?lang=en"), StandardCharsets.UTF_8);
        for (String personal : PERSONAL) {
            assertThat(published).as("published figures never name a person").doesNotContain(personal);
        }

        // the operators' figures as Prometheus gauges
        metrics.refresh();
        String scrape = new String(body("/actuator/prometheus"), StandardCharsets.UTF_8);
        assertThat(scrape).contains("sane_transparency_routing_auto{application=\"catalog-service\"} 4.0",
                "sane_transparency_routing_corrected{application=\"catalog-service\"} 1.0",
                "sane_transparency_routing_final{application=\"catalog-service\",auto=\"RESOURCE_CIRCULATION\","
                        + "final=\"CLIMATE\"} 1.0",
                "sane_transparency_department_transfer_ratio{application=\"catalog-service\","
                        + "department=\"RESOURCE_CIRCULATION\"} 0.25",
                "sane_transparency_first_answer_business_days_median{application=\"catalog-service\","
                        + "department=\"CLIMATE\"} 0.5",
                "sane_transparency_first_answer_business_days_p90{application=\"catalog-service\","
                        + "department=\"RESOURCE_CIRCULATION\"} 2.0");

        scrape = new String(body("/actuator/prometheus"), StandardCharsets.UTF_8);
        assertThat(scrape).contains("sane_transparency_department_overdue_ratio{application=\"catalog-service\","
                        + "department=\"RESOURCE_CIRCULATION\"} 0.3333",
                "sane_transparency_week_routing_corrected_ratio{application=\"catalog-service\",week=\"2026-W47\"} 0.5",
                "sane_transparency_week_first_answer_business_days_median{application=\"catalog-service\","
                        + "week=\"2026-W48\"} 0.0");

        // the same figures in the operators' analytics: JSON and page, behind the ops login
        mvc.perform(get("/api/ops/catalog/analytics")).andExpect(status().isUnauthorized());
        JsonNode analytics = JSON.readTree(mvc.perform(get("/api/ops/catalog/analytics")
                        .with(httpBasic("operator", PASSWORD))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray());
        assertThat(analytics.path("correctedShare").asDouble()).isEqualTo(0.25);
        assertThat(analytics.path("departmentNames").path("CLIMATE").asString()).isEqualTo("기후환경정책과");
        assertThat(analytics.path("routingQuality").path("finals").toString()).isEqualTo(
                "[{\"auto\":\"RESOURCE_CIRCULATION\",\"fin\":\"CLIMATE\",\"count\":1},"
                        + "{\"auto\":\"RESOURCE_CIRCULATION\",\"fin\":\"RESOURCE_CIRCULATION\",\"count\":3}]");
        assertThat(analytics.path("routingQuality").path("departments").get(0).toString()).isEqualTo(
                "{\"code\":\"CLIMATE\",\"received\":2,\"transferred\":0,\"transferRate\":0.0,"
                        + "\"medianBusinessDays\":0.5,\"p90BusinessDays\":1.0,\"held\":2,\"overdue\":0,"
                        + "\"overdueShare\":0.0}");
        assertThat(analytics.path("routingQuality").path("weeks").size()).isEqualTo(10);
        String page = new String(mvc.perform(get("/ops/catalog/analytics").with(httpBasic("operator", PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(page).contains("배정 품질과 부서 답변 분석", "정정됨", "25%", "33.3%", "2026년 11월 16일 주 (2026-W47)");
        assertThat(page.split("<head>", -1)).as("one head, with the catalogue's stylesheet").hasSize(2);
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"/cases/assets/catalog.css\">");
        for (String personal : PERSONAL) {
            assertThat(page + analytics).as("the analytics name no person either").doesNotContain(personal);
        }

        // every event again (a redelivery): nothing changes
        double before = duplicates();
        send(events);
        await(() -> duplicates() >= before + events.size());
        assertThat(summary()).isEqualTo(summary);

        // rebuilt from the topics from offset 0: the same figures
        String rebuilt = new String(mvc.perform(post("/api/ops/catalog/transparency/rebuild")
                        .with(httpBasic("operator", PASSWORD))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(rebuilt).path("events").asInt()).isEqualTo(2 * events.size());
        assertThat(JSON.readTree(rebuilt).path("proposals").asInt()).isEqualTo(5);
        assertThat(summary()).isEqualTo(summary);
    }

    @Test
    void theRebuildIsForOperatorsOnly() throws Exception {
        mvc.perform(post("/api/ops/catalog/transparency/rebuild")).andExpect(status().isUnauthorized());
    }

    private double duplicates() {
        return meters.get("sane.transparency.events.duplicates").counter().count();
    }

    private JsonNode summary() throws Exception {
        return JSON.readTree(body("/api/open-data/summary.json"));
    }

    private byte[] body(String uri) throws Exception {
        return mvc.perform(get(uri)).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }

    private JsonNode awaitSummary(java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode summary = summary();
        while (!done.test(summary)) {
            assertThat(System.nanoTime()).as("figures after 30 s: %s", summary).isLessThan(deadline);
            Thread.sleep(200);
            summary = summary();
        }
        return summary;
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void send(List<ProducerRecord<String, String>> events) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        try (Producer<String, String> producer = new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
                new StringSerializer()).createProducer()) {
            events.forEach(producer::send);
            producer.flush();
        }
    }

    static ProducerRecord<String, String> submitted(String proposalId, String at, String field) {
        ObjectNode event = envelope("proposal.submitted", proposalId, at);
        personal((ObjectNode) event.path("payload").path("proposal"), at, field);
        return record(event);
    }

    static ProducerRecord<String, String> routed(String proposalId, String at, String department, String name,
                                                 String by, String field, String submittedAt) {
        ObjectNode event = envelope("proposal.routed", proposalId, at);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("departmentCode", department).put("departmentName", name).put("routedBy", by);
        personal((ObjectNode) payload.path("proposal"), submittedAt, field);
        return record(event);
    }

    static ProducerRecord<String, String> changed(String proposalId, String at, String status, String actor,
                                                  String department) {
        ObjectNode event = envelope("proposal.status-changed", proposalId, at);
        ((ObjectNode) event.path("payload")).put("status", status).put("actor", actor)
                .put("departmentCode", department).put("note", PERSONAL.get(5));
        return record(event);
    }

    private static ObjectNode envelope(String type, String proposalId, String at) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(type));
        event.put("eventId", UUID.randomUUID().toString()).put("proposalId", proposalId).put("occurredAt", at);
        return event;
    }

    /** The proposal snapshot with distinctive personal fields. */
    private static void personal(ObjectNode proposal, String submittedAt, String field) {
        proposal.put("organization", PERSONAL.get(0)).put("contactName", PERSONAL.get(1))
                .put("email", PERSONAL.get(2)).put("phone", PERSONAL.get(3)).put("title", PERSONAL.get(4))
                .put("content", PERSONAL.get(5) + " — 협력 내용을 충분히 길게 적었습니다.").put("field", field)
                .put("submittedAt", submittedAt);
    }

    private static ProducerRecord<String, String> record(ObjectNode event) {
        String json = event.toString();
        assertThat(EventContracts.violations(event.path("type").asString(), json)).as(json).isEmpty();
        return new ProducerRecord<>(event.path("type").asString(), event.path("proposalId").asString(), json);
    }
}
