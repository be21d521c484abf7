package kr.seoul.sane.routing.decision;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.contracts.EventContracts;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kr.seoul.sane.contracts.ApiDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/** Real broker, real Mongo wire protocol: proposal.submitted in, proposal.routed / proposal.triaged out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the line per decision is DEBUG; a test below checks that it carries the trace
        "logging.level.kr.seoul.sane.routing.decision.SubmittedBatchRouter=DEBUG",
        "platform.operator.user=ops",
        "platform.operator.password=ops-secret",
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sane.routing.triage-backlog-refresh=300ms",
        "platform.retention.batch=2"})
@AutoConfigureTracing
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 1,
        topics = {"proposal.submitted", "proposal.status-changed", "proposal.personal-data-erased", "proposal.routed",
                "proposal.triaged"})
class RoutingIntegrationTest {

    static final MongoCommandCounter COMMANDS = new MongoCommandCounter();

    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class CountingMongoCommands {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer countingCommands() {
            return COMMANDS.customizer();
        }
    }

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        kr.seoul.sane.routing.TestStores.mongoAndReader(registry, MONGO_ADDRESS);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    /** The service's clock, pinned just after the contract examples' dates. */
    @Autowired
    MutableClock clock;
    @Autowired
    EmbeddedKafkaBroker broker;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;
    @Autowired
    RoutingDecisionRepository decisions;
    @Autowired
    LearnedExampleRepository learned;
    @Autowired
    org.springframework.core.env.Environment environment;
    @Autowired
    kr.seoul.sane.routing.classifier.RoutingClassifier classifier;
    @Autowired
    kr.seoul.sane.routing.directory.DepartmentVersionRepository departmentVersions;
    @Autowired
    kr.seoul.sane.routing.directory.DirectorySync directoryService;
    @Autowired
    ProcessedEventRepository processed;
    @Autowired
    kr.seoul.sane.routing.privacy.RetentionJob retention;
    @Autowired
    SubmittedBatchRouter batchRouter;
    @Autowired
    DecisionOutbox outbox;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    private static final String BASIC = "Basic "
            + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void routesTheContractExampleOnceAndTriagesTestInput() throws Exception {
        KafkaTemplate<String, String> producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "routing-test", false),
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of("proposal.routed", "proposal.triaged"));

            String example = EventContracts.example("proposal.submitted");
            String proposalId = JSON.readTree(example).path("proposalId").asString();
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, example)).get();

            Set<String> keys = Set.of(proposalId);
            List<ConsumerRecord<String, String>> first = poll(consumer, keys, 1, Duration.ofSeconds(30));
            assertThat(first).hasSize(1);
            ConsumerRecord<String, String> routed = first.getFirst();
            assertThat(routed.topic()).isEqualTo("proposal.routed");
            assertThat(routed.key()).isEqualTo(proposalId);
            EventContracts.assertConforms("proposal.routed", routed.value());
            JsonNode payload = JSON.readTree(routed.value()).path("payload");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("RESOURCE_CIRCULATION");
            assertThat(payload.path("routedBy").asString()).isEqualTo("AUTO");
            assertThat(payload.path("proposal").path("title").asString()).isEqualTo("폐플라스틱 병뚜껑 새활용 시민 캠페인");
            assertThat(decisions.findById(proposalId)).get()
                    .satisfies(d -> assertThat(d.departmentCode()).isEqualTo("RESOURCE_CIRCULATION"));

            // the same event again: nothing new is published
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, example)).get();

            ObjectNode spam = (ObjectNode) JSON.readTree(example);
            String spamId = "test-" + UUID.randomUUID();
            spam.put("eventId", UUID.randomUUID().toString());
            spam.put("proposalId", spamId);
            ObjectNode proposal = (ObjectNode) spam.path("payload").path("proposal");
            proposal.put("title", "[TEST] 폼 전송 확인용");
            proposal.put("content", "[TEST] 협력신청 폼 연동 테스트입니다. 무시하세요. 배정하지 마세요.");
            producer.send(new ProducerRecord<>("proposal.submitted", spamId, JSON.writeValueAsString(spam))).get();

            keys = Set.of(proposalId, spamId);
            List<ConsumerRecord<String, String>> next = poll(consumer, keys, 1, Duration.ofSeconds(30));
            // give a wrongly repeated routed event time to show up as well
            next.addAll(poll(consumer, keys, Integer.MAX_VALUE, Duration.ofSeconds(2)));
            assertThat(next).hasSize(1);
            ConsumerRecord<String, String> triaged = next.getFirst();
            assertThat(triaged.topic()).isEqualTo("proposal.triaged");
            assertThat(triaged.key()).isEqualTo(spamId);
            EventContracts.assertConforms("proposal.triaged", triaged.value());
            assertThat(JSON.readTree(triaged.value()).path("payload").path("reasonCode").asString())
                    .isEqualTo("NOT_A_PROPOSAL");
            assertThat(decisions.findById(spamId)).get()
                    .satisfies(d -> assertThat(d.outcome()).isEqualTo(RoutingDecision.Outcome.TRIAGE));
        }
    }

    /**
     * A batch of N proposal.submitted events costs a fixed number of store commands (one bulk insert of the decisions
     * with their outbox entries, one read of the erasure tombstones, one bulk write clearing the entries after the
     * acknowledgements), not four per proposal;
     * the same batch again (a redelivery) publishes nothing; a decision whose event was stored but never acknowledged
     * (a crash in between) is published once when its event comes again.
     */
    @Test
    void aBatchOfSubmittedEventsCostsAFixedNumberOfStoreCommands() throws Exception {
        int n = 20;
        List<SubmittedBatchRouter.Submitted> batch = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            String id = "batch-" + i + "-" + UUID.randomUUID();
            event.put("eventId", UUID.randomUUID().toString());
            event.put("proposalId", id);
            ids.add(id);
            batch.add(batchRouter.read(JSON.writeValueAsBytes(event), null));
        }
        try (Consumer<String, String> consumer = consumer("routing-batch-test")) {
            COMMANDS.start();
            batchRouter.route(batch);
            List<String> first = COMMANDS.stop();
            assertThat(first).as("store commands for %d proposals", n).containsExactly("insert", "find", "update");
            List<ConsumerRecord<String, String>> routed = poll(consumer, ids, n, Duration.ofSeconds(30));
            assertThat(routed).hasSize(n);
            assertThat(routed).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
            routed.forEach(r -> EventContracts.assertConforms(r.topic(), r.value()));
            assertThat(decisions.findAllById(ids)).hasSize(n).allSatisfy(d -> assertThat(d.pendingCauseId()).isNull());

            // a redelivery of the whole batch: the bulk insert fails for every one, one read, nothing published
            COMMANDS.start();
            batchRouter.route(batch);
            assertThat(COMMANDS.stop()).containsExactly("insert", "find");
            assertThat(poll(consumer, ids, Integer.MAX_VALUE, Duration.ofSeconds(2))).isEmpty();

            // a batch mixing a redelivered event and a new one: only the new one is stored and published
            ObjectNode fresh = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            String freshId = "batch-fresh-" + UUID.randomUUID();
            fresh.put("eventId", UUID.randomUUID().toString());
            fresh.put("proposalId", freshId);
            batchRouter.route(List.of(batch.get(1), batchRouter.read(JSON.writeValueAsBytes(fresh), null), batch.get(2)));
            Set<String> mixed = Set.of(freshId, batch.get(1).proposalId(), batch.get(2).proposalId());
            List<ConsumerRecord<String, String>> onlyNew = poll(consumer, mixed, 1, Duration.ofSeconds(30));
            onlyNew.addAll(poll(consumer, mixed, Integer.MAX_VALUE, Duration.ofSeconds(2)));
            assertThat(onlyNew).extracting(ConsumerRecord::key).containsExactly(freshId);
            assertThat(decisions.findById(freshId)).isPresent();

            // stored but never acknowledged: the event again publishes it (same event id) and clears the entry
            SubmittedBatchRouter.Submitted crashed = batch.getFirst();
            mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                            org.springframework.data.mongodb.core.query.Criteria.where("_id").is(crashed.proposalId())),
                    new org.springframework.data.mongodb.core.query.Update().set("pendingCauseId", crashed.eventId()),
                    RoutingDecision.class);
            batchRouter.route(List.of(crashed));
            List<ConsumerRecord<String, String>> again = poll(consumer, ids, 1, Duration.ofSeconds(30));
            assertThat(again).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(crashed.proposalId());
                assertThat(JSON.readTree(r.value()).path("eventId").asString()).isEqualTo(routed.stream()
                        .filter(x -> x.key().equals(crashed.proposalId())).findFirst().map(x -> JSON.readTree(x.value())
                                .path("eventId").asString()).orElseThrow());
            });
            assertThat(decisions.findById(crashed.proposalId())).get()
                    .satisfies(d -> assertThat(d.pendingCauseId()).isNull());
        }
    }

    /**
     * The outbox relay: a change whose event was never acknowledged (e.g. an operator's assignment while the broker
     * was down) is published once it is older than the relay age, with the event id of its cause, and cleared; a
     * second pass publishes nothing.
     */
    @Test
    void theOutboxRelayPublishesWhatWasLeftPending() throws Exception {
        String id = "relay-" + UUID.randomUUID();
        Map<String, Object> snapshot = new java.util.HashMap<>(JSON.convertValue(
                JSON.readTree(EventContracts.example("proposal.submitted")).path("payload").path("proposal"), Map.class));
        String cause = "operator|" + id + "|" + UUID.randomUUID();
        decisions.insert(new RoutingDecision(id, "e-" + id, "SN-RELAY", RoutingDecision.Outcome.ROUTED, "PARTNERSHIP",
                List.of(), 0.9, List.of(), null, null, "OPERATOR", null, clock.instant().minusSeconds(120),
                null, snapshot, cause, List.of(), cause));
        try (Consumer<String, String> consumer = consumer("routing-relay-test")) {
            // the relay looks into the store after a failed publish (and once after the start)
            outbox.publishFailed();
            outbox.relay();
            List<ConsumerRecord<String, String>> routed = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(routed).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo("proposal.routed");
                EventContracts.assertConforms("proposal.routed", r.value());
                assertThat(JSON.readTree(r.value()).path("eventId").asString()).isEqualTo(UUID.nameUUIDFromBytes(
                        ("proposal.routed|" + cause).getBytes(StandardCharsets.UTF_8)).toString());
            });
            assertThat(decisions.findById(id)).get().satisfies(d -> assertThat(d.pendingCauseId()).isNull());
            outbox.relay();
            assertThat(poll(consumer, Set.of(id), Integer.MAX_VALUE, Duration.ofSeconds(2))).isEmpty();
        }
    }

    /**
     * An unreadable record among readable ones: it lands in error.proposal.submitted.routing-service, the others
     * are routed once; an unreadable proposal.status-changed lands in error.proposal.status-changed.routing-service
     * (one consumer reads both topics).
     */
    @Test
    void anUnreadableSubmittedEventGoesToTheDeadLetterTopicAndTheOthersAreRouted() throws Exception {
        KafkaTemplate<String, String> producer = producer();
        try (Consumer<String, String> consumer = consumer("routing-poison-test");
             Consumer<String, String> dead = new DefaultKafkaConsumerFactory<>(
                     KafkaTestUtils.consumerProps(broker, "routing-dlq-test", false),
                     new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            dead.subscribe(List.of(RoutingEventsErrorHandling.deadLetterTopic("proposal.submitted"),
                    RoutingEventsErrorHandling.deadLetterTopic("proposal.status-changed")));
            Set<String> ids = new java.util.LinkedHashSet<>();
            String poisonKey = "poison-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                if (i == 1) {
                    producer.send(new ProducerRecord<>("proposal.submitted", poisonKey,
                            "{\"eventType\": \"proposal.submitted\", \"payload\": [이것은 JSON이 아닙니다"));
                }
                ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
                String id = "good-" + i + "-" + UUID.randomUUID();
                event.put("eventId", UUID.randomUUID().toString());
                event.put("proposalId", id);
                ids.add(id);
                producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(event)));
            }
            // an unreadable status change goes to its own dead-letter topic
            String badStatusKey = "bad-status-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>("proposal.status-changed", badStatusKey, "{\"payload\": "));
            producer.flush();
            List<ConsumerRecord<String, String>> routed = poll(consumer, ids, ids.size(), Duration.ofSeconds(30));
            routed.addAll(poll(consumer, ids, Integer.MAX_VALUE, Duration.ofSeconds(2)));
            assertThat(routed).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
            List<ConsumerRecord<String, String>> letters = poll(dead, Set.of(poisonKey, badStatusKey), 2,
                    Duration.ofSeconds(30));
            assertThat(letters).hasSize(2);
            assertThat(letters).filteredOn(r -> r.key().equals(poisonKey)).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo("error.proposal.submitted.routing-service");
                assertThat(r.value()).contains("이것은 JSON이 아닙니다");
            });
            assertThat(letters).filteredOn(r -> r.key().equals(badStatusKey)).singleElement()
                    .satisfies(r -> assertThat(r.topic()).isEqualTo("error.proposal.status-changed.routing-service"));
        }
    }

    @Test
    void operatorAssignsATriagedProposalAndTheCorrectionIsLearned() throws Exception {
        KafkaTemplate<String, String> producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "routing-ops-test", false),
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of("proposal.routed", "proposal.triaged"));
            ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            String id = "ops-" + UUID.randomUUID();
            event.put("eventId", UUID.randomUUID().toString());
            event.put("proposalId", id);
            ObjectNode proposal = (ObjectNode) event.path("payload").path("proposal");
            proposal.put("title", "우리 회사 창립 기념 나눔 행사");
            proposal.put("content", "창립 기념일에 임직원이 모여 무언가 의미 있는 일을 하고 싶습니다. 어떤 일이 좋을지 함께 정해 주셨으면 합니다.");
            proposal.putNull("field");
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(event))).get();
            List<ConsumerRecord<String, String>> first = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(first).hasSize(1);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
            HttpRequest.Builder assign = HttpRequest.newBuilder(URI.create(base + "/api/ops/routing/" + id + "/assign"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"departmentCode\":\"PARTNERSHIP\"}"));
            assertThat(http.send(assign.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            String basic = "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> ok = http.send(assign.header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);

            List<ConsumerRecord<String, String>> routed = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(routed).hasSize(1);
            assertThat(routed.getFirst().topic()).isEqualTo("proposal.routed");
            EventContracts.assertConforms("proposal.routed", routed.getFirst().value());
            JsonNode payload = JSON.readTree(routed.getFirst().value()).path("payload");
            assertThat(payload.path("routedBy").asString()).isEqualTo("OPERATOR");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("PARTNERSHIP");
            assertThat(learned.findById(id)).isPresent();

            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/ops/routing/" + id + "/assign"))
                    .header("Content-Type", "application/json").header("Authorization", basic)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"departmentCode\":\"NOPE\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("\"errors\"");

            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("sane_routing_decisions_total{").contains("outcome=\"operator\"")
                    .contains("sane_routing_confidence");
            // the gauge follows the stored triage queue (refreshed every 300 ms here)
            long queued = decisions.countByOutcome(RoutingDecision.Outcome.TRIAGE);
            java.util.regex.Pattern backlog = java.util.regex.Pattern.compile(
                    "(?m)^sane_routing_triage_backlog(\\{[^}]*})? " + queued + "\\.0$");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!backlog.matcher(metrics).find() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(metrics).containsPattern(backlog);
            // the queue and the gauge's count read the decisions in triage through their index
            assertThat(mongo.indexOps(RoutingDecision.class).getIndexInfo()).filteredOn(
                    i -> i.getName().equals("outcome_decided")).singleElement().satisfies(i -> assertThat(
                            i.getIndexFields()).extracting(f -> f.getKey()).containsExactly("outcome", "decidedAt"));
        }
    }

    @Test
    void operatorAssignmentFromTriageReportedByProposalServiceIsRoutedByOperatorOnce() throws Exception {
        KafkaTemplate<String, String> producer = producer();
        HttpClient http = HttpClient.newHttpClient();
        String triageUrl = "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/api/ops/routing/triage";
        try (Consumer<String, String> consumer = consumer("routing-operator-transfer-test")) {
            String id = "triage-" + UUID.randomUUID();
            ObjectNode submitted = submitted(id, "한강 야간 달리기 동호회 안전 순찰", "달리기 동호회 회원들이 밤마다 한강 "
                    + "산책로를 달리며 고장 난 가로등과 위험한 곳을 찾아 알려 드리는 순찰을 하고 싶습니다.");
            ((ObjectNode) submitted.path("payload")).put("suspicious", true); // triage whatever the text
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(submitted))).get();
            List<ConsumerRecord<String, String>> triaged = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(triaged).hasSize(1);
            assertThat(triaged.getFirst().topic()).isEqualTo("proposal.triaged");
            assertThat(send(http, "GET", triageUrl, BASIC, null).body()).contains(id);

            // the operators' console in proposal-service: one click assigns it to a department
            String assigned = statusChanged(id, "TRANSFERRED", "TRIAGE", "SAFETY", "OPERATOR", "한강 야간 안전 순찰");
            producer.send(new ProducerRecord<>("proposal.status-changed", id, assigned)).get();
            producer.send(new ProducerRecord<>("proposal.status-changed", id, assigned)).get(); // redelivered
            List<ConsumerRecord<String, String>> routed = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            routed.addAll(poll(consumer, Set.of(id), Integer.MAX_VALUE, Duration.ofSeconds(2)));
            assertThat(routed).hasSize(1);
            assertThat(routed.getFirst().topic()).isEqualTo("proposal.routed");
            assertThat(routed.getFirst().key()).isEqualTo(id);
            EventContracts.assertConforms("proposal.routed", routed.getFirst().value());
            JsonNode payload = JSON.readTree(routed.getFirst().value()).path("payload");
            assertThat(payload.path("routedBy").asString()).isEqualTo("OPERATOR");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("SAFETY");
            assertThat(payload.path("previousDepartmentCode").isNull()).isTrue();
            assertThat(payload.path("supportingDepartments").size()).isZero();
            assertThat(payload.path("proposal").path("title").asString()).isEqualTo("한강 야간 달리기 동호회 안전 순찰");
            assertThat(decisions.findById(id)).get().satisfies(d -> {
                assertThat(d.outcome()).isEqualTo(RoutingDecision.Outcome.ROUTED);
                assertThat(d.routedBy()).isEqualTo("OPERATOR");
            });
            assertThat(learned.findById(id)).get().satisfies(e -> {
                assertThat(e.departmentCode()).isEqualTo("SAFETY");
                assertThat(e.source()).isEqualTo("OPERATOR");
            });
            assertThat(send(http, "GET", triageUrl, BASIC, null).body()).doesNotContain(id);
        }
    }

    @Test
    void departmentTransferIsRoutedAgainOnceAndAnUnknownTargetGoesToTriage() throws Exception {
        KafkaTemplate<String, String> producer = producer();
        try (Consumer<String, String> consumer = consumer("routing-transfer-test")) {
            String id = "transfer-" + UUID.randomUUID();
            ObjectNode submitted = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            submitted.put("eventId", UUID.randomUUID().toString());
            submitted.put("proposalId", id);
            // a text of its own: the transfer is learned, and must not sway the other tests' proposals
            ObjectNode proposal = (ObjectNode) submitted.path("payload").path("proposal");
            proposal.put("title", "어르신 스마트폰 사용법 교실");
            proposal.put("content", "대학생 봉사자가 경로당을 찾아가 어르신들께 스마트폰으로 병원 예약, 키오스크 주문, "
                    + "영상통화 하는 법을 가르치는 교실을 열고 싶습니다.");
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(submitted))).get();
            List<ConsumerRecord<String, String>> auto = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(auto).hasSize(1);
            assertThat(auto.getFirst().topic()).isEqualTo("proposal.routed");
            String before = JSON.readTree(auto.getFirst().value()).path("payload").path("departmentCode").asString();
            assertThat(before).isNotEqualTo("CLIMATE");

            String transfer = statusChanged(id, "TRANSFERRED", "CLIMATE");
            EventContracts.assertConforms("proposal.status-changed", transfer);
            producer.send(new ProducerRecord<>("proposal.status-changed", id, transfer)).get();
            producer.send(new ProducerRecord<>("proposal.status-changed", id, transfer)).get(); // redelivered
            producer.send(new ProducerRecord<>("proposal.status-changed", id, statusChanged(id, "ACCEPTED", "CLIMATE"))).get();
            producer.send(new ProducerRecord<>("proposal.status-changed", id, statusChanged(id, "TRANSFERRED", "NOPE"))).get();

            // same topic and key: the unknown-target transfer is handled after the others, so once its triage
            // event is here, everything the earlier events caused is here too
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.stream().noneMatch(r -> r.topic().equals("proposal.triaged")) && System.nanoTime() < end) {
                out.addAll(poll(consumer, Set.of(id), 1, Duration.ofSeconds(1)));
            }
            List<ConsumerRecord<String, String>> routed = out.stream().filter(r -> r.topic().equals("proposal.routed")).toList();
            List<ConsumerRecord<String, String>> triaged = out.stream().filter(r -> r.topic().equals("proposal.triaged")).toList();
            assertThat(routed).hasSize(1);
            assertThat(triaged).hasSize(1);

            EventContracts.assertConforms("proposal.routed", routed.getFirst().value());
            assertThat(routed.getFirst().key()).isEqualTo(id);
            JsonNode payload = JSON.readTree(routed.getFirst().value()).path("payload");
            assertThat(payload.path("routedBy").asString()).isEqualTo("TRANSFER");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("CLIMATE");
            assertThat(payload.path("previousDepartmentCode").asString()).isEqualTo(before);
            assertThat(payload.path("proposal").path("title").asString()).isEqualTo("어르신 스마트폰 사용법 교실");
            assertThat(learned.findById(id)).get().satisfies(e -> {
                assertThat(e.departmentCode()).isEqualTo("CLIMATE");
                assertThat(e.source()).isEqualTo("TRANSFER");
            });

            EventContracts.assertConforms("proposal.triaged", triaged.getFirst().value());
            JsonNode triage = JSON.readTree(triaged.getFirst().value()).path("payload");
            assertThat(triage.path("reasonCode").asString()).isEqualTo("LOW_CONFIDENCE");
            assertThat(triage.path("reason").asString()).contains("NOPE");
            assertThat(triage.path("decidedBy").asString()).isEqualTo("TRANSFER");
            assertThat(triage.path("previousDepartmentCode").asString()).isEqualTo("CLIMATE");
            assertThat(decisions.findById(id)).get()
                    .satisfies(d -> assertThat(d.outcome()).isEqualTo(RoutingDecision.Outcome.TRIAGE));

            // proposal-service reports NOT_A_PROPOSAL (its own ops console): out of triage, learned, nothing published
            ObjectNode verdict = (ObjectNode) JSON.readTree(statusChanged(id, "NOT_A_PROPOSAL", null));
            ((ObjectNode) verdict.path("payload")).put("actor", "OPERATOR");
            EventContracts.assertConforms("proposal.status-changed", JSON.writeValueAsString(verdict));
            producer.send(new ProducerRecord<>("proposal.status-changed", id, JSON.writeValueAsString(verdict))).get();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (decisions.findById(id).orElseThrow().outcome() != RoutingDecision.Outcome.NOT_A_PROPOSAL
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(decisions.findById(id).orElseThrow().outcome()).isEqualTo(RoutingDecision.Outcome.NOT_A_PROPOSAL);
            assertThat(learned.findById(id)).get()
                    .satisfies(e -> assertThat(e.source()).isEqualTo(LearnedExampleRecord.NOT_A_PROPOSAL));
        }
    }

    @Test
    void operatorMarksNotAProposalAndChangesTheDirectory() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/api/ops/routing";
        try (Consumer<String, String> consumer = consumer("routing-not-a-proposal-test")) {
            String id = "nap-" + UUID.randomUUID();
            ObjectNode submitted = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            submitted.put("eventId", UUID.randomUUID().toString());
            submitted.put("proposalId", id);
            ObjectNode proposal = (ObjectNode) submitted.path("payload").path("proposal");
            proposal.put("title", "사무용 복합기 렌탈 안내");
            proposal.put("content", "구청과 주민센터에 복합기를 월 렌탈료로 공급해 드립니다. 설치와 유지보수는 모두 저희가 맡습니다.");
            producer().send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(submitted))).get();
            assertThat(poll(consumer, Set.of(id), 1, Duration.ofSeconds(30))).hasSize(1);

            String url = base + "/" + id + "/not-a-proposal";
            assertThat(send(http, "POST", url, null, "{\"reason\":\"판매 안내\"}").statusCode()).isEqualTo(401);
            HttpResponse<String> blank = send(http, "POST", url, BASIC, "{\"reason\":\"  \"}");
            assertThat(blank.statusCode()).isEqualTo(400);
            assertThat(blank.body()).contains("이유");
            assertThat(send(http, "POST", base + "/unknown-" + id + "/not-a-proposal", BASIC,
                    "{\"reason\":\"판매 안내\"}").statusCode()).isEqualTo(404);
            String reason = "제품 판매 안내로, 협력 제안이 아닙니다. 조달 절차를 안내해 주세요.";
            HttpResponse<String> ok = send(http, "POST", url, BASIC, JSON.writeValueAsString(Map.of("reason", reason)));
            assertThat(ok.statusCode()).isEqualTo(200);

            List<ConsumerRecord<String, String>> verdict = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(verdict).hasSize(1);
            assertThat(verdict.getFirst().topic()).isEqualTo("proposal.triaged");
            EventContracts.assertConforms("proposal.triaged", verdict.getFirst().value());
            JsonNode payload = JSON.readTree(verdict.getFirst().value()).path("payload");
            assertThat(payload.path("reasonCode").asString()).isEqualTo("NOT_A_PROPOSAL");
            assertThat(payload.path("reason").asString()).isEqualTo(reason);
            assertThat(payload.path("decidedBy").asString()).isEqualTo("OPERATOR");
            assertThat(decisions.findById(id)).get()
                    .satisfies(d -> assertThat(d.outcome()).isEqualTo(RoutingDecision.Outcome.NOT_A_PROPOSAL));
            assertThat(learned.findById(id)).get()
                    .satisfies(e -> assertThat(e.source()).isEqualTo(LearnedExampleRecord.NOT_A_PROPOSAL));
            assertThat(send(http, "GET", base + "/triage", BASIC, null).body()).doesNotContain(id);
        }

        // the versioned directory
        HttpResponse<String> list = send(http, "GET", base + "/departments", BASIC, null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode items = JSON.readTree(list.body()).path("items");
        assertThat(items.size()).isEqualTo(33);
        assertThat(items.get(0).path("changedBy").asString()).isEqualTo("departments.json");
        assertThat(send(http, "GET", base + "/departments", null, null).statusCode()).isEqualTo(401);

        String dept = base + "/departments/PARTNERSHIP";
        JsonNode partnership = items.get(0);
        HttpResponse<String> invalid = send(http, "PUT", dept, BASIC, JSON.writeValueAsString(Map.of(
                "name", partnership.path("name").asString(), "email", "no-at-sign",
                "responsibilities", "짧음")));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("email").contains("responsibilities").contains("형식이 올바르지 않습니다");
        // an unknown code would create a department: without its content that is a Korean 400
        HttpResponse<String> empty = send(http, "PUT", base + "/departments/NOPE", BASIC, "{}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("부서 이름");
        assertThat(send(http, "GET", base + "/departments/NOPE/versions", BASIC, null).statusCode()).isEqualTo(404);
        // an operator without the role ADMIN reads the directory but may not change it
        String reader = "Basic " + Base64.getEncoder().encodeToString("reader:reader-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(send(http, "GET", base + "/departments", reader, null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send(http, "PUT", dept, reader, JSON.writeValueAsString(Map.of(
                "name", partnership.path("name").asString(), "email", "partner@seoul.example",
                "responsibilities", "협력사업 총괄과 제안 접수 창구 운영")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("errors").get(0).path("message").asString()).contains("관리자");
        assertThat(send(http, "PUT", dept, BASIC, "not json").statusCode()).isEqualTo(400);

        String keywords = partnership.path("keywords").asString() + " 반딧불이축제";
        HttpResponse<String> changed = send(http, "PUT", dept, BASIC, JSON.writeValueAsString(Map.of(
                "name", partnership.path("name").asString(), "email", "partnership-desk@dept.seoul.example",
                "responsibilities", partnership.path("responsibilities").asString(), "keywords", keywords)));
        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode version = JSON.readTree(changed.body());
        assertThat(version.path("version").asInt()).isEqualTo(2);
        assertThat(version.path("changedBy").asString()).isEqualTo("ops");
        assertThat(version.path("effectiveFrom").isMissingNode()).isFalse();
        assertThat(version.path("notFor").asString()).isEqualTo(partnership.path("notFor").asString());
        assertThat(classifier.directory().find("PARTNERSHIP")).get().satisfies(d -> {
            assertThat(d.email()).isEqualTo("partnership-desk@dept.seoul.example");
            assertThat(d.keywords()).endsWith("반딧불이축제");
        });
        JsonNode versions = JSON.readTree(send(http, "GET", dept + "/versions", BASIC, null).body());
        assertThat(versions.path("total").asInt()).isEqualTo(2);
        assertThat(versions.path("items").get(0).path("version").asInt()).isEqualTo(2);
        assertThat(versions.path("items").get(1).path("changedBy").asString()).isEqualTo("departments.json");

        // a version stored by another instance is taken over by the periodic refresh
        kr.seoul.sane.routing.directory.DepartmentVersion seed = departmentVersions.findById("HOUSING@1").orElseThrow();
        departmentVersions.insert(new kr.seoul.sane.routing.directory.DepartmentVersion("HOUSING@2", "HOUSING", 2,
                seed.name(), seed.office(), "housing-desk@dept.seoul.example", seed.fields(), seed.responsibilities(),
                seed.notFor(), seed.keywords(), seed.aliases(), seed.targetGroup(), clock.instant(), "other",
                kr.seoul.sane.routing.directory.DepartmentVersion.Change.EDITED,
                kr.seoul.sane.routing.directory.DepartmentVersion.Status.ACTIVE, null, null, null));
        directoryService.refresh();
        assertThat(classifier.directory().find("HOUSING")).get()
                .satisfies(d -> assertThat(d.email()).isEqualTo("housing-desk@dept.seoul.example"));
    }

    /**
     * One trace across Kafka: the trace id of the consumed proposal.submitted (in the envelope, or only in the
     * record header the producing binder writes) is the trace id of the routing log line and of the published
     * proposal.routed, in its envelope and in its record header.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void routingContinuesTheTraceOfTheSubmittedEvent(CapturedOutput output) throws Exception {
        KafkaTemplate<String, String> producer = producer();
        try (Consumer<String, String> consumer = consumer("routing-trace-test")) {
            // (1) the envelope's traceparent, no header (a producer without observation)
            String inEnvelope = "0af7651916cd43dd8448eb211c80319c";
            String id = "trace-" + UUID.randomUUID();
            ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            event.put("eventId", UUID.randomUUID().toString());
            event.put("proposalId", id);
            event.put("traceparent", "00-" + inEnvelope + "-b7ad6b7169203331-01");
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(event))).get();

            // (2) only the record header (the envelope's traceparent null)
            String inHeader = "4bf92f3577b34da6a3ce929d0e0e4736";
            String other = "trace-" + UUID.randomUUID();
            ObjectNode second = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            second.put("eventId", UUID.randomUUID().toString());
            second.put("proposalId", other);
            second.putNull("traceparent");
            ProducerRecord<String, String> record = new ProducerRecord<>("proposal.submitted", other,
                    JSON.writeValueAsString(second));
            record.headers().add("traceparent",
                    ("00-" + inHeader + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();

            List<ConsumerRecord<String, String>> routed = poll(consumer, Set.of(id, other), 2, Duration.ofSeconds(30));
            assertThat(routed).hasSize(2);
            for (ConsumerRecord<String, String> r : routed) {
                String traceId = r.key().equals(id) ? inEnvelope : inHeader;
                assertThat(r.topic()).isEqualTo("proposal.routed");
                EventContracts.assertConforms("proposal.routed", r.value());
                String traceparent = JSON.readTree(r.value()).path("traceparent").asString(null);
                assertThat(traceparent).as("envelope traceparent of %s", r.key()).startsWith("00-" + traceId + "-");
                Header header = r.headers().lastHeader("traceparent");
                assertThat(header).as("traceparent header of %s", r.key()).isNotNull();
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
                // the decision's log line ("proposal <id> (<tracking code>) -> <department> ...") carries the trace id
                assertThat(output.getOut().lines().filter(line -> line.contains("proposal " + r.key() + " (")))
                        .singleElement().asString().contains(traceId);
            }
        }
    }

    /**
     * The applicant's erasure withdraws an open proposal (proposal.status-changed WITHDRAWN, actor APPLICANT): a
     * proposal in triage leaves the queue (API and gauge), nothing is published or learned, the same event again
     * changes nothing, a later transfer is ignored and the operators' API refuses it with 409.
     */
    @Test
    void aWithdrawnProposalLeavesTheTriageQueueOnce() throws Exception {
        KafkaTemplate<String, String> producer = producer();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        String triageUrl = base + "/api/ops/routing/triage";
        try (Consumer<String, String> consumer = consumer("routing-withdrawn-test")) {
            String id = "withdrawn-" + UUID.randomUUID();
            ObjectNode submitted = submitted(id, "골목 화단 물주기 이웃 모임",
                    "여름 동안 골목 화단에 물을 주는 이웃 모임을 만들고 물뿌리개 보관 장소를 함께 정하고 싶습니다.");
            ((ObjectNode) submitted.path("payload")).put("suspicious", true); // triage whatever the text
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(submitted))).get();
            List<ConsumerRecord<String, String>> triaged = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(triaged).singleElement().satisfies(r -> assertThat(r.topic()).isEqualTo("proposal.triaged"));
            assertThat(send(http, "GET", triageUrl, BASIC, null).body()).contains(id);

            String withdrawal = statusChanged(id, "WITHDRAWN", "TRIAGE", null, "APPLICANT", "신청인 요청으로 개인정보 삭제");
            producer.send(new ProducerRecord<>("proposal.status-changed", id, withdrawal)).get();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (decisions.findById(id).orElseThrow().outcome() != RoutingDecision.Outcome.WITHDRAWN
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            RoutingDecision withdrawn = decisions.findById(id).orElseThrow();
            assertThat(withdrawn.outcome()).isEqualTo(RoutingDecision.Outcome.WITHDRAWN);
            assertThat(withdrawn.routedBy()).isEqualTo("APPLICANT");
            String eventId = JSON.readTree(withdrawal).path("eventId").asString();
            assertThat(withdrawn.lastCauseId()).isEqualTo("status|" + eventId);
            assertThat(send(http, "GET", triageUrl, BASIC, null).body()).doesNotContain(id);

            // the same event again, then a transfer: once the transfer is recorded as handled, both were handled
            producer.send(new ProducerRecord<>("proposal.status-changed", id, withdrawal)).get();
            String transfer = statusChanged(id, "TRANSFERRED", "TRIAGE", "SAFETY", "OPERATOR", null);
            producer.send(new ProducerRecord<>("proposal.status-changed", id, transfer)).get();
            String transferId = JSON.readTree(transfer).path("eventId").asString();
            until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (processed.findById(transferId).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(processed.findById(transferId)).isPresent();
            assertThat(decisions.findById(id)).get().satisfies(d -> {
                assertThat(d.outcome()).isEqualTo(RoutingDecision.Outcome.WITHDRAWN);
                assertThat(d.decidedAt()).isEqualTo(withdrawn.decidedAt());
            });
            assertThat(poll(consumer, Set.of(id), 1, Duration.ofSeconds(2))).isEmpty();
            assertThat(learned.findById(id)).isEmpty();

            HttpResponse<String> assign = send(http, "POST", base + "/api/ops/routing/" + id + "/assign", BASIC,
                    "{\"departmentCode\":\"SAFETY\"}");
            assertThat(assign.statusCode()).isEqualTo(409);
            assertThat(assign.body()).contains("철회");
            assertThat(send(http, "POST", base + "/api/ops/routing/" + id + "/not-a-proposal", BASIC,
                    "{\"reason\":\"판매 안내\"}").statusCode()).isEqualTo(409);
            assertThat(decisions.findById(id).orElseThrow().outcome()).isEqualTo(RoutingDecision.Outcome.WITHDRAWN);

            String metrics = waitForMetric(http, base, java.util.regex.Pattern.compile(
                    "(?m)^sane_routing_triage_backlog(\\{[^}]*})? "
                            + decisions.countByOutcome(RoutingDecision.Outcome.TRIAGE) + "\\.0$"));
            assertThat(metrics).containsPattern(
                    "(?m)^sane_routing_decisions_total\\{[^}]*outcome=\"withdrawn\"[^}]*} 1\\.0$");
        }
    }

    /**
     * proposal.personal-data-erased strips the contact fields and the attachment from the stored snapshot (once;
     * the same event again changes nothing); a later operator assignment publishes a contract-valid proposal.routed
     * without them; learned examples hold no personal data; nothing personal is logged.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anErasureStripsTheSnapshotAndALaterAssignmentPublishesNoContact(CapturedOutput output) throws Exception {
        KafkaTemplate<String, String> producer = producer();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        String email = "erase.me." + UUID.randomUUID() + "@example.org";
        try (Consumer<String, String> consumer = consumer("routing-erasure-test")) {
            String id = "erased-" + UUID.randomUUID();
            ObjectNode submitted = submitted(id, "동네 책방 낭독회와 작가 만남",
                    "동네 책방에서 매달 시민 낭독회와 지역 작가와의 만남을 열고 도서관과 함께 홍보하고 싶습니다.");
            ObjectNode proposal = (ObjectNode) submitted.path("payload").path("proposal");
            proposal.put("contactName", "박지우개인").put("email", email).put("phone", "010-9876-5432");
            proposal.putObject("attachment").put("id", "att-1").put("filename", "박지우개인_소개서.pdf").put("size", 1024)
                    .put("contentType", "application/pdf").put("downloadPath", "/attachments/att-1?token=t");
            String submittedJson = JSON.writeValueAsString(submitted);
            EventContracts.assertConforms("proposal.submitted", submittedJson);
            producer.send(new ProducerRecord<>("proposal.submitted", id, submittedJson)).get();
            assertThat(poll(consumer, Set.of(id), 1, Duration.ofSeconds(30))).hasSize(1);
            assertThat(decisions.findById(id).orElseThrow().proposal()).containsEntry("email", email);

            // a closed proposal (nothing withdrawn): the example with this proposal's id and status
            ObjectNode erased = (ObjectNode) JSON.readTree(EventContracts.example("proposal.personal-data-erased"));
            erased.put("proposalId", id);
            ((ObjectNode) erased.path("payload")).put("previousStatus", "DECLINED").put("status", "DECLINED")
                    .put("withdrawn", false);
            String erasedJson = JSON.writeValueAsString(erased);
            EventContracts.assertConforms("proposal.personal-data-erased", erasedJson);
            producer.send(new ProducerRecord<>("proposal.personal-data-erased", id, erasedJson)).get();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!decisions.findById(id).orElseThrow().proposal().containsKey("anonymizedAt")
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            Map<String, Object> snapshot = decisions.findById(id).orElseThrow().proposal();
            assertThat(snapshot).containsKey("anonymizedAt")
                    .doesNotContainKeys("contactName", "email", "phone", "attachment")
                    .containsEntry("title", "동네 책방 낭독회와 작가 만남")
                    .containsEntry("organization", "푸른지구 협동조합")
                    .containsKeys("trackingCode", "organizationType", "content", "field", "language", "submittedAt");
            Object anonymizedAt = snapshot.get("anonymizedAt");

            // the same event again (and again under a new id): the snapshot stays as it is
            producer.send(new ProducerRecord<>("proposal.personal-data-erased", id, erasedJson)).get();
            erased.put("eventId", UUID.randomUUID().toString());
            producer.send(new ProducerRecord<>("proposal.personal-data-erased", id, JSON.writeValueAsString(erased))).get();
            String lastId = erased.path("eventId").asString();
            until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (processed.findById(lastId).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(processed.findById(lastId)).isPresent();
            assertThat(decisions.findById(id).orElseThrow().proposal()).containsEntry("anonymizedAt", anonymizedAt);

            HttpResponse<String> ok = send(http, "POST", base + "/api/ops/routing/" + id + "/assign", BASIC,
                    "{\"departmentCode\":\"CULTURE_ARTS\"}");
            assertThat(ok.statusCode()).isEqualTo(200);
            List<ConsumerRecord<String, String>> routed = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(routed).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo("proposal.routed");
                EventContracts.assertConforms("proposal.routed", r.value());
                assertThat(r.value()).doesNotContain(email).doesNotContain("박지우개인").doesNotContain("010-9876-5432")
                        .contains("동네 책방 낭독회와 작가 만남");
                JsonNode sent = JSON.readTree(r.value()).path("payload").path("proposal");
                assertThat(sent.has("email")).isFalse();
                assertThat(sent.path("anonymizedAt").asString()).isEqualTo(anonymizedAt);
            });
            // learned examples hold the text only
            assertThat(learned.findById(id)).get().satisfies(e -> assertThat(e.toString())
                    .doesNotContain(email).doesNotContain("박지우개인").doesNotContain("010-9876-5432"));

            String metrics = waitForMetric(http, base, java.util.regex.Pattern.compile(
                    "(?m)^sane_routing_anonymized_total\\{[^}]*trigger=\"erasure\"[^}]*} 1\\.0$"));
            assertThat(metrics).containsPattern("(?m)^sane_routing_anonymized_total\\{[^}]*trigger=\"erasure\"[^}]*} 1\\.0$");
        }
        assertThat(output.getAll()).contains("erased-").doesNotContain(email).doesNotContain("박지우개인")
                .doesNotContain("010-9876-5432");
    }

    /**
     * The erasure comes before the proposal's submission (another topic, a shorter backlog): the decision stored later
     * holds no contact, and its proposal.routed carries none.
     */
    @Test
    void anErasureBeforeTheSubmissionLeavesNoContactInTheLaterDecision() throws Exception {
        KafkaTemplate<String, String> producer = producer();
        String email = "erased.first." + UUID.randomUUID() + "@example.org";
        try (Consumer<String, String> consumer = consumer("routing-erasure-first-test")) {
            String id = "erased-first-" + UUID.randomUUID();
            ObjectNode erased = (ObjectNode) JSON.readTree(EventContracts.example("proposal.personal-data-erased"));
            erased.put("proposalId", id).put("eventId", UUID.randomUUID().toString());
            producer.send(new ProducerRecord<>("proposal.personal-data-erased", id, JSON.writeValueAsString(erased)))
                    .get();
            String erasureId = erased.path("eventId").asString();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (processed.findById(erasureId).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(processed.findById(erasureId)).as("the erasure handled").isPresent();

            ObjectNode submitted = submitted(id, "동네 책방 낭독회와 작가 만남",
                    "동네 책방에서 매달 시민 낭독회와 지역 작가와의 만남을 열고 도서관과 함께 홍보하고 싶습니다.");
            ((ObjectNode) submitted.path("payload").path("proposal")).put("contactName", "최먼저지움")
                    .put("email", email).put("phone", "010-2222-3333");
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(submitted))).get();
            assertThat(poll(consumer, Set.of(id), 1, Duration.ofSeconds(30))).singleElement().satisfies(r -> {
                EventContracts.assertConforms(r.topic(), r.value());
                assertThat(r.value()).doesNotContain(email).doesNotContain("최먼저지움").doesNotContain("010-2222-3333");
            });
            assertThat(decisions.findById(id).orElseThrow().proposal()).containsKey("anonymizedAt")
                    .doesNotContainKeys("contactName", "email", "phone").containsEntry("title", "동네 책방 낭독회와 작가 만남");
            assertThat(mongo.getCollection("erased_proposals").find(new org.bson.Document("_id", id)).first())
                    .as("the tombstone: the id and the time only").isNotNull().satisfies(t -> assertThat(t.keySet())
                            .contains("_id", "erasedAt").isSubsetOf("_id", "erasedAt", "_class"));
        }
    }

    /**
     * The retention job removes the personal fields of decisions submitted longer ago than platform.retention.days
     * (in batches of 2 here), leaves younger ones alone, and a second pass changes nothing.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void retentionStripsOldSnapshotsAndLeavesYoungOnes(CapturedOutput output) throws Exception {
        java.time.Instant now = clock.instant();
        String run = UUID.randomUUID().toString();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(storeDecision("old-" + i + "-" + run, now.minus(Duration.ofDays(1096 + i))));
        }
        String young = storeDecision("young-" + run, now.minus(Duration.ofDays(1094)));

        long before = retention.run(now);
        assertThat(before).isGreaterThanOrEqualTo(3);
        for (String id : old) {
            assertThat(decisions.findById(id).orElseThrow().proposal()).as(id)
                    .doesNotContainKeys("contactName", "email", "phone", "attachment")
                    .containsEntry("anonymizedAt", now.toString()).containsKeys("title", "content", "organization");
        }
        assertThat(decisions.findById(young).orElseThrow().proposal())
                .containsEntry("email", "young-" + run + "@example.org").doesNotContainKey("anonymizedAt");
        assertThat(retention.run(now.plusSeconds(60))).isZero();
        assertThat(decisions.findById(old.getFirst()).orElseThrow().proposal())
                .containsEntry("anonymizedAt", now.toString());
        String metrics = send(HttpClient.newHttpClient(), "GET", "http://127.0.0.1:"
                + environment.getProperty("local.server.port") + "/actuator/prometheus", null, null).body();
        assertThat(metrics).containsPattern("(?m)^sane_routing_anonymized_total\\{[^}]*trigger=\"retention\"[^}]*} "
                + before + "\\.0$");
        assertThat(output.getAll()).contains("retention: personal fields removed from")
                .doesNotContain("@example.org").doesNotContain("담당자old-");
    }

    private String storeDecision(String id, java.time.Instant submittedAt) {
        Map<String, Object> snapshot = new java.util.LinkedHashMap<>();
        snapshot.put("trackingCode", "SN-TEST-" + id.hashCode());
        snapshot.put("organization", "오래된 협동조합");
        snapshot.put("organizationType", "NONPROFIT");
        snapshot.put("contactName", "담당자" + id);
        snapshot.put("email", id + "@example.org");
        snapshot.put("phone", "02-1234-5678");
        snapshot.put("title", "오래된 제안 " + id);
        snapshot.put("content", "보존 기간이 지난 제안의 본문입니다. 통계를 위해 남습니다.");
        snapshot.put("language", "ko");
        snapshot.put("submittedAt", submittedAt.toString());
        snapshot.put("attachment", Map.of("id", "a-" + id, "filename", "file.pdf"));
        decisions.insert(new RoutingDecision(id, "e-" + id, "SN-TEST", RoutingDecision.Outcome.ROUTED, "PARTNERSHIP",
                List.of(), 0.9, List.of(), null, null, "AUTO", null, submittedAt, null, snapshot, "e-" + id, List.of(), null));
        return id;
    }

    private static String waitForMetric(HttpClient http, String base, java.util.regex.Pattern pattern) throws Exception {
        String metrics = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            metrics = send(http, "GET", base + "/actuator/prometheus", null, null).body();
            if (pattern.matcher(metrics).find()) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return metrics;
    }

    /** The contract's proposal.submitted example as a new event of proposal {@code id} with its own text. */
    private static ObjectNode submitted(String id, String title, String content) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("proposalId", id);
        ((ObjectNode) event.path("payload").path("proposal")).put("title", title).put("content", content);
        return event;
    }

    private KafkaTemplate<String, String> producer() {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
    }

    private Consumer<String, String> consumer(String group) {
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, group, false),
                new StringDeserializer(), new StringDeserializer()).createConsumer();
        consumer.subscribe(List.of("proposal.routed", "proposal.triaged"));
        return consumer;
    }

    private static String statusChanged(String proposalId, String status, String departmentCode) {
        return statusChanged(proposalId, status, "ROUTED", departmentCode, "DEPARTMENT", null);
    }

    private static String statusChanged(String proposalId, String status, String previousStatus,
                                        String departmentCode, String actor, String note) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.status-changed"));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("proposalId", proposalId);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("status", status);
        payload.put("previousStatus", previousStatus);
        if (departmentCode == null) {
            payload.putNull("departmentCode");
        } else {
            payload.put("departmentCode", departmentCode);
        }
        payload.put("actor", actor);
        if (note == null) {
            payload.putNull("note");
        } else {
            payload.put("note", note);
        }
        String json = JSON.writeValueAsString(event);
        EventContracts.assertConforms("proposal.status-changed", json);
        return json;
    }

    /** JSON past the stream read limits (ops-security's) gets a Korean 400 from the real server, never a 5xx. */
    @Test
    void jsonPastTheStreamLimitsIsRefusedWithAKorean400() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + port + "/api/ops/routing/limits-" + UUID.randomUUID() + "/assign";
        // the deep array in a property the request does not have: skipped, but still read token by token
        for (String body : List.of("{\"note\":" + "[".repeat(2000) + "]".repeat(2000) + ",\"departmentCode\":\"SAFETY\"}",
                "{\"departmentCode\":" + "9".repeat(50_000) + "}")) {
            HttpResponse<String> response = send(http, "POST", url, BASIC, body);
            assertThat(response.statusCode()).as("a body of %d characters", body.length()).isEqualTo(400);
            assertThat(response.body()).contains("요청 JSON이 허용 한도를 넘습니다");
        }
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String authorization,
                                             String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<String, String>> poll(Consumer<String, String> consumer, Set<String> keys,
                                                             int atLeast, Duration timeout) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (out.size() < atLeast && System.nanoTime() < end) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            records.forEach(r -> {
                if (keys.contains(r.key())) {
                    out.add(r);
                }
            });
        }
        return out;
    }

    // ---------------------------------------------------------------- API documentation

    /**
     * Every JSON endpoint is an operation of the OpenAPI document with the security the service applies and the
     * directory's rules; the document is written to {@code target/openapi/routing.json} for the CI's linter.
     */
    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurityAndTheDirectorysRules() {
        String document = ApiDocuments.fetchAndWrite(port, "routing");

        assertThat(ApiDocuments.endpoints(mappings, "kr.seoul.sane.routing."))
                .contains("get /api/ops/routing/triage", "put /api/ops/routing/departments/{code}");
        assertThat(ApiDocuments.problems(mappings, "kr.seoul.sane.routing.", document)).isEmpty();

        JsonNode doc = JSON.readTree(document);
        JsonNode edit = doc.path("components").path("schemas").path("DepartmentEdit");
        assertThat(edit.path("required").toString()).contains("name", "email", "responsibilities");
        assertThat(edit.path("properties").path("name").path("minLength").asInt()).isEqualTo(2);
        assertThat(edit.path("properties").path("name").path("maxLength").asInt()).isEqualTo(50);
        assertThat(edit.path("properties").path("responsibilities").path("maxLength").asInt()).isEqualTo(2000);
        assertThat(doc.path("components").path("schemas").path("NotAProposalVerdict").path("properties")
                .path("reason").path("maxLength").asInt()).isEqualTo(500);
        JsonNode change = doc.path("paths").path("/api/ops/routing/departments/{code}").path("put");
        assertThat(change.path("description").asString()).as("ADMIN only").contains("ADMIN");
        assertThat(change.path("responses").propertyNames()).contains("200", "201", "400", "401", "403", "409");
        for (String[] operation : new String[][] {{"/api/ops/routing/departments", "post"},
                {"/api/ops/routing/departments/{code}/merge", "post"}, {"/api/ops/routing/departments/{code}", "delete"}}) {
            JsonNode op = doc.path("paths").path(operation[0]).path(operation[1]);
            assertThat(op.path("description").asString()).as(operation[1] + " " + operation[0]).contains("ADMIN");
            assertThat(op.path("responses").propertyNames()).as(operation[0]).contains("400", "401", "403", "409");
        }
        assertThat(doc.path("components").path("schemas").path("DepartmentNew").path("properties").path("code")
                .path("pattern").asString()).isEqualTo("^[A-Z][A-Z0-9_]{1,39}$");
    }
}
