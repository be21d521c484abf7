package kr.seoul.sane.catalog.transparency;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kr.seoul.sane.catalog.directory.DepartmentDirectory;
import kr.seoul.sane.catalog.directory.DirectoryFollower;
import kr.seoul.sane.catalog.directory.DirectoryListener;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.events.EnvelopeReader;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static kr.seoul.sane.catalog.transparency.TransparencyIntegrationTest.changed;
import static kr.seoul.sane.catalog.transparency.TransparencyIntegrationTest.routed;
import static kr.seoul.sane.catalog.transparency.TransparencyIntegrationTest.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The catalogue names departments as routing-service's directory does ({@code department.directory-changed} through
 * an embedded broker): before any directory event as the proposal events name them; after a rename by the new
 * name, and a retired department still with its own figures, marked retired with its successor, in the open data
 * (JSON and CSV), the operators' analytics, the public page (Korean and English) and a new case draft. A late older
 * version and an unreadable record change nothing, and a second copy reading the topic from the beginning (a
 * restart) ends in the same state.
 */
@SpringBootTest(properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN", "logging.level.org.apache.kafka.clients.NetworkClient=ERROR",
        "platform.operator.user=operator", "platform.operator.password=" + DepartmentDirectoryNamesTest.PASSWORD,
        "platform.ops.session-secret=directory-names-test-session-secret-32b",
        // the figures are computed once, on demand below: the names must change without a new computation
        "catalog.transparency.refresh-after=PT1H"})
@AutoConfigureMockMvc
// Wednesday 25 November 2026, noon in Seoul: no proposal below is overdue yet
@Import(TransparencyIntegrationTest.FixedClock.class)
@EmbeddedKafka(partitions = 2,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted",
                DirectoryFollower.TYPE},
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
public class DepartmentDirectoryNamesTest {

    static final String PASSWORD = "directory-names-test-operator";
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = "mongodb://" + MONGO.bind().getHostString() + ":" + MONGO.bind().getPort();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CSV_HEADER = "\uFEFFcode,name,received,decided,accepted,acceptanceRate,"
            + "medianBusinessDaysToFirstAnswer,overdue,retired,successorCode,successorName\r\n";

    @Autowired
    MockMvc mvc;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TransparencySnapshots snapshots;
    @Autowired
    DepartmentDirectory directory;
    @Autowired
    ConsumerFactory<String, byte[]> catalogConsumerFactory;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @Test
    void renamedAndRetiredDepartmentsShowEverywhereAndARestartRebuildsTheSameCopy() throws Exception {
        String policy = "dn-" + UUID.randomUUID();
        String arts = "dn-" + UUID.randomUUID();
        String digital = "dn-" + UUID.randomUUID();
        send(List.of(submitted(policy, "2026-11-20T01:00:00Z", "CULTURE_TOURISM_SPORTS"),
                routed(policy, "2026-11-20T01:00:01Z", "CULTURE_POLICY", "문화정책과", "AUTO",
                        "CULTURE_TOURISM_SPORTS", "2026-11-20T01:00:00Z"),
                submitted(arts, "2026-11-20T02:00:00Z", "CULTURE_TOURISM_SPORTS"),
                routed(arts, "2026-11-20T02:00:01Z", "CULTURE_ARTS", "문화예술과", "AUTO",
                        "CULTURE_TOURISM_SPORTS", "2026-11-20T02:00:00Z"),
                submitted(digital, "2026-11-20T03:00:00Z", "DIGITAL"),
                routed(digital, "2026-11-20T03:00:01Z", "DIGITAL_POLICY", "디지털정책과", "AUTO", "DIGITAL",
                        "2026-11-20T03:00:00Z")));
        await(() -> snapshots.refresh().departments().size() == 3);
        // before any directory event: the names the routings carried
        assertThat(csv()).isEqualTo(CSV_HEADER
                + "CULTURE_ARTS,문화예술과,1,0,0,,,0,false,,\r\n"
                + "CULTURE_POLICY,문화정책과,1,0,0,,,0,false,,\r\n"
                + "DIGITAL_POLICY,디지털정책과,1,0,0,,,0,false,,\r\n");

        // routing-service's directory: an unreadable record, a rename, its first version delivered late, a retirement
        send(List.of(new ProducerRecord<>(DirectoryFollower.TYPE, "CULTURE_POLICY", "{not a directory event"),
                version("DIGITAL_POLICY", "디지털혁신과", 2, "ACTIVE", null),
                version("DIGITAL_POLICY", "디지털정책과", 1, "ACTIVE", null),
                version("CULTURE_POLICY", "문화정책과", 3, "RETIRED", "CULTURE_ARTS")));
        await(() -> directory.versions().size() == 2
                && directory.versions().get("CULTURE_POLICY").retired() && unreadable(meters) >= 1);
        assertThat(changes(meters, "applied")).as("the late first version is not taken").isEqualTo(2.0);

        assertThat(csv()).as("figures still by code: the retired department keeps its own row").isEqualTo(CSV_HEADER
                + "CULTURE_ARTS,문화예술과,1,0,0,,,0,false,,\r\n"
                + "CULTURE_POLICY,문화정책과,1,0,0,,,0,true,CULTURE_ARTS,문화예술과\r\n"
                + "DIGITAL_POLICY,디지털혁신과,1,0,0,,,0,false,,\r\n");
        JsonNode summary = JSON.readTree(body(get("/api/open-data/summary.json")));
        assertThat(summary.path("departments").get(1).toString()).isEqualTo("{\"code\":\"CULTURE_POLICY\","
                + "\"name\":\"문화정책과\",\"received\":1,\"decided\":0,\"accepted\":0,\"acceptanceRate\":null,"
                + "\"medianBusinessDaysToFirstAnswer\":null,\"overdue\":0,\"retired\":true,"
                + "\"successorCode\":\"CULTURE_ARTS\",\"successorName\":\"문화예술과\"}");
        assertThat(summary.path("departments").get(2).path("name").asString()).isEqualTo("디지털혁신과");

        JsonNode analytics = JSON.readTree(body(get("/api/ops/catalog/analytics").with(httpBasic("operator", PASSWORD))));
        assertThat(analytics.path("departmentNames").path("DIGITAL_POLICY").asString()).isEqualTo("디지털혁신과");
        assertThat(analytics.path("departments").toString()).isEqualTo("[{\"code\":\"CULTURE_ARTS\",\"name\":\"문화예술과\","
                + "\"retired\":false,\"successorCode\":null,\"successorName\":null},{\"code\":\"CULTURE_POLICY\","
                + "\"name\":\"문화정책과\",\"retired\":true,\"successorCode\":\"CULTURE_ARTS\",\"successorName\":\"문화예술과\"},"
                + "{\"code\":\"DIGITAL_POLICY\",\"name\":\"디지털혁신과\",\"retired\":false,\"successorCode\":null,"
                + "\"successorName\":null}]");
        assertThat(text(body(get("/ops/catalog/analytics").with(httpBasic("operator", PASSWORD)))))
                .contains("문화정책과 (폐지됨 → 문화예술과)", "디지털혁신과").doesNotContain("디지털정책과");

        assertThat(text(body(get("/transparency")))).contains("문화정책과 (폐지됨 → 문화예술과)", "디지털혁신과")
                .doesNotContain("디지털정책과");
        assertThat(text(body(get("/transparency?lang=en")))).contains("문화정책과 (retired → 문화예술과)");

        // a case draft made now names the department by its new name
        await(() -> digestDepartment(digital));
        send(List.of(changed(digital, "2026-11-24T01:00:00Z", "COMPLETED", "DEPARTMENT", "DIGITAL_POLICY")));
        await(() -> drafts().size() == 1);
        assertThat(drafts().get(0).path("partners").toString()).contains("서울특별시 디지털혁신과")
                .doesNotContain("디지털정책과");

        // a restart: a new copy reads the topic from the beginning and ends where the running one is
        DepartmentDirectory replayed = new DepartmentDirectory();
        SimpleMeterRegistry replayMeters = new SimpleMeterRegistry();
        ConcurrentMessageListenerContainer<String, byte[]> container = DirectoryListener.container(
                catalogConsumerFactory, replayed, new EnvelopeReader(), replayMeters, DirectoryFollower.TYPE);
        container.start();
        try {
            await(() -> replayed.versions().equals(directory.versions()) && unreadable(replayMeters) == 1);
            assertThat(replayed.versions()).isEqualTo(directory.versions());
            assertThat(changes(replayMeters, "applied")).isEqualTo(2.0);
        } finally {
            container.stop();
        }
    }

    private String csv() throws Exception {
        return new String(body(get("/api/open-data/departments.csv")), StandardCharsets.UTF_8);
    }

    private byte[] body(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }

    private boolean digestDepartment(String proposalId) {
        try {
            return JSON.readTree(body(get("/api/catalog/stats"))).path("proposalsByDepartment")
                    .path("DIGITAL_POLICY").asInt() == 1;
        } catch (Exception e) {
            throw new IllegalStateException(proposalId, e);
        }
    }

    private List<JsonNode> drafts() {
        try {
            JsonNode items = JSON.readTree(body(get("/api/ops/catalog/drafts").with(httpBasic("operator", PASSWORD))))
                    .path("items");
            List<JsonNode> list = new java.util.ArrayList<>();
            items.forEach(list::add);
            return list;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page's text without its tags, white space collapsed. */
    private static String text(byte[] html) {
        return new String(html, StandardCharsets.UTF_8).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
    }

    private static double unreadable(MeterRegistry registry) {
        return changes(registry, "unreadable");
    }

    private static double changes(MeterRegistry registry, String outcome) {
        return registry.get("sane.catalog.directory.changes").tag("outcome", outcome).counter().count();
    }

    /** A contract-valid {@code department.directory-changed} made from the example. */
    public static ProducerRecord<String, String> version(String code, String name, int version, String status,
                                                          String successor) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(DirectoryFollower.TYPE));
        event.put("eventId", UUID.randomUUID().toString()).put("proposalId", code);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("version", version).put("change", "RETIRED".equals(status) ? "RETIRED" : "EDITED");
        ((ObjectNode) payload.path("department")).put("code", code).put("name", name).put("status", status)
                .put("successorCode", successor);
        String json = event.toString();
        assertThat(EventContracts.violations(DirectoryFollower.TYPE, json)).as(json).isEmpty();
        return new ProducerRecord<>(DirectoryFollower.TYPE, code, json);
    }

    private void send(List<ProducerRecord<String, String>> records) {
        try (Producer<String, String> producer = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new StringSerializer()).createProducer()) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
