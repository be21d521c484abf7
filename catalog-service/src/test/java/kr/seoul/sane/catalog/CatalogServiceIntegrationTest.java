package kr.seoul.sane.catalog;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import jakarta.servlet.http.Cookie;
import kr.seoul.sane.opssecurity.OpsTokens;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import java.time.Clock;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.catalog.curation.CatalogEventLog;
import kr.seoul.sane.contracts.ApiDocuments;
import kr.seoul.sane.catalog.curation.CatalogReadModels;
import kr.seoul.sane.contracts.EventContracts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
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
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
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

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The whole service against a real (embedded) Kafka broker and an in-memory MongoDB wire server. */
@SpringBootTest(properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        // the line per suggestion is DEBUG; a test below checks that it carries the trace
        "logging.level.kr.seoul.sane.catalog.proposals.ProposalEventHandler=DEBUG",
        "logging.level.state.change.logger=WARN", "logging.level.org.apache.kafka.clients.NetworkClient=ERROR",
        "platform.operator.user=operator", "management.endpoint.health.show-details=always", "platform.operator.password=" + CatalogServiceIntegrationTest.OPERATOR_PASSWORD,
        "platform.ops.session-secret=" + CatalogServiceIntegrationTest.OPS_SECRET})
@AutoConfigureMockMvc
@AutoConfigureTracing
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 1,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted"},
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
class CatalogServiceIntegrationTest {

    static final String OPERATOR_PASSWORD = "test-operator-secret";
    static final String OPS_SECRET = "test-ops-session-secret";
    static final String READER_PASSWORD = "reader-secret";
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = "mongodb://" + hostPort(MONGO);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The service's clock, pinned just after the contract examples' dates. */
    @Autowired
    MutableClock clock;
    @Autowired
    MockMvc mvc;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    CatalogReadModels readModels;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        // an extra account with the role OPERATOR only, configured as the bcrypt hash it is kept as (a list is bound
        // from one property source only: the whole entry here)
        registry.add("platform.ops.users[0].name", () -> "reader");
        registry.add("platform.ops.users[0].roles", () -> "OPERATOR");
        registry.add("platform.ops.users[0].password",
                () -> "{bcrypt}" + new BCryptPasswordEncoder().encode(READER_PASSWORD));
    }

    // --- one operator login (ops-security) ------------------------------------------------------------------

    private Cookie opsCookie(String secret, Duration age, List<String> roles) {
        Clock minted = Clock.offset(clock, age.negated());
        return new Cookie("SANE_OPS", new OpsTokens(secret, Duration.ofHours(8), minted).mint("operator", roles));
    }

    @Test
    void theCookieOfTheLoginAtProposalServiceOpensTheCatalogOpsPages() throws Exception {
        Cookie login = opsCookie(OPS_SECRET, Duration.ZERO, List.of("ADMIN", "OPERATOR"));
        mvc.perform(get("/ops/catalog/drafts").cookie(login))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                .andExpect(header().string("Referrer-Policy", "same-origin"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().string(containsString("href=\"/ops-shared/ops.css\"")))
                .andExpect(content().string(containsString(
                        "<a href=\"/ops/catalog/drafts\" aria-current=\"page\">사례 초안</a>")))
                .andExpect(content().string(containsString("<a href=\"/ops/dead-letters\">데드레터</a>")))
                .andExpect(content().string(matchesPattern(
                        "(?s).*<form class=\"logout\" method=\"post\" action=\"/ops/logout\">.*name=\"_csrf\".*")))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie().doesNotExist("SANE_OPS"));
        mvc.perform(get("/ops/catalog/drafts").cookie(login).param("lang", "en"))
                .andExpect(content().string(containsString("aria-current=\"page\">Case drafts</a>")));
        mvc.perform(get("/ops-shared/ops.css")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/css"));

        // an expired, forged or foreign cookie is dropped and the operator sent to the login
        String tampered = login.getValue().substring(0, login.getValue().length() - 3) + "abc";
        for (Cookie bad : List.of(opsCookie(OPS_SECRET, Duration.ofHours(9), List.of("OPERATOR")),
                opsCookie("another-secret", Duration.ZERO, List.of("OPERATOR")), new Cookie("SANE_OPS", tampered))) {
            mvc.perform(get("/ops/catalog/drafts").cookie(bad))
                    .andExpect(status().isFound())
                    .andExpect(header().string("Location", "/ops/login?next=%2Fops%2Fcatalog%2Fdrafts"))
                    .andExpect(header().string("Set-Cookie", containsString("SANE_OPS=; Path=/; Max-Age=0")));
        }

        // forms need their CSRF token with the cookie too (the same form with its token: the rebuild test)
        mvc.perform(post("/ops/catalog/rebuild").cookie(login)).andExpect(status().isForbidden());
        mvc.perform(post("/ops/catalog/drafts/no-such-draft/publish").cookie(login)).andExpect(status().isForbidden());
        mvc.perform(post("/ops/catalog/drafts/no-such-draft/publish").cookie(login).with(csrf()))
                .andExpect(status().isNotFound());

        // the API takes a bearer token in the header, never the cookie (no CSRF on the API)
        mvc.perform(get("/api/ops/catalog/drafts").cookie(login)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/ops/catalog/drafts").header("Authorization", "Bearer " + login.getValue()))
                .andExpect(status().isOk());
        mvc.perform(get("/api/ops/catalog/drafts").header("Authorization", "Bearer " + tampered))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errors[0].message", containsString("로그인이 필요합니다")));
        mvc.perform(get("/api/ops/catalog/drafts"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Basic realm=\"sane-ops\"")))
                .andExpect(content().contentTypeCompatibleWith("application/json"))
                .andExpect(jsonPath("$.errors[0].field").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.errors[0].message", containsString("운영자 로그인이 필요합니다")));
    }

    @Test
    void theRebuildNeedsTheRoleAdmin() throws Exception {
        var reader = httpBasic("reader", READER_PASSWORD);
        mvc.perform(get("/api/ops/catalog/drafts").with(reader)).andExpect(status().isOk());
        mvc.perform(get("/ops/catalog/drafts").with(reader)).andExpect(status().isOk());
        mvc.perform(post("/api/ops/catalog/rebuild").with(reader))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.errors[0].message", containsString("관리자(ADMIN) 권한")));
        mvc.perform(post("/ops/catalog/rebuild").with(reader).with(csrf())).andExpect(status().isForbidden());
        Cookie operatorOnly = opsCookie(OPS_SECRET, Duration.ZERO, List.of("OPERATOR"));
        mvc.perform(post("/ops/catalog/rebuild").cookie(operatorOnly).with(csrf())).andExpect(status().isForbidden());
        // the wrong password is a 401 (API) or the login page (pages, Basic is never challenged there)
        mvc.perform(get("/api/ops/catalog/drafts").with(httpBasic("reader", "wrong"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/ops/catalog/drafts").with(httpBasic("reader", "wrong")))
                .andExpect(status().isFound())
                .andExpect(header().doesNotExist("WWW-Authenticate"));
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    private static String hostPort(MongoServer server) {
        var address = server.bind();
        return address.getHostString() + ":" + address.getPort();
    }

    // --- events ---------------------------------------------------------------------------------------------

    @Test
    void submittedProposalGetsConformingSuggestionsOnceEvenWhenRedelivered() throws Exception {
        String submitted = EventContracts.example("proposal.submitted");
        String proposalId = JSON.readTree(submitted).path("proposalId").asString();
        ObjectNode marker = (ObjectNode) JSON.readTree(submitted);
        marker.put("eventId", UUID.randomUUID().toString());
        marker.put("proposalId", "marker-" + UUID.randomUUID());
        ((ObjectNode) marker.path("payload").path("proposal")).put("field", "WELFARE");

        int environmentBefore = proposalsInField("ENVIRONMENT_PARKS");
        int welfareBefore = proposalsInField("WELFARE");
        try (Consumer<String, String> consumer = suggestedConsumer();
             Producer<String, String> producer = producer()) {
            long sentAt = System.currentTimeMillis();
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, submitted)).get();
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, submitted)).get();
            producer.send(new ProducerRecord<>("proposal.submitted", marker.path("proposalId").asString(),
                    JSON.writeValueAsString(marker))).get();

            List<ConsumerRecord<String, String>> records =
                    pollUntilKey(consumer, marker.path("proposalId").asString(), Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> forProposal =
                    records.stream().filter(r -> proposalId.equals(r.key())).toList();
            assertThat(forProposal).as("one suggestion per submitted event, none for the redelivery").hasSize(1);
            assertThat(forProposal.getFirst().timestamp() - sentAt).as("suggested within seconds (ms)")
                    .isLessThan(10_000);

            String json = forProposal.getFirst().value();
            EventContracts.assertConforms("catalog.suggested", json);
            JsonNode event = JSON.readTree(json);
            assertThat(event.path("proposalId").asString()).isEqualTo(proposalId);
            assertThat(event.path("producer").asString()).isEqualTo("catalog-service");
            List<String> caseIds = new ArrayList<>();
            event.path("payload").path("cases").forEach(c -> caseIds.add(c.path("id").asString()));
            assertThat(caseIds).hasSizeBetween(1, 3).contains("waste-vinyl-fuel");
            assertThat(event.path("payload").path("institutions").size()).isBetween(1, 3);
            event.path("payload").path("institutions")
                    .forEach(i -> assertThat(i.path("homepage").asString()).matches("^https?://.+"));
        }

        assertThat(proposalsInField("ENVIRONMENT_PARKS")).as("redelivery counted once").isEqualTo(environmentBefore + 1);
        assertThat(proposalsInField("WELFARE")).isEqualTo(welfareBefore + 1);
    }

    /**
     * One trace across Kafka: catalog.suggested (envelope and record header) and the log line of the suggestion
     * carry the trace id of the proposal.submitted they answer, whether it came in the envelope or only in the
     * record header.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void suggestionsContinueTheTraceOfTheSubmittedEvent(CapturedOutput output) throws Exception {
        String inEnvelope = "0af7651916cd43dd8448eb211c80319c";
        String inHeader = "4bf92f3577b34da6a3ce929d0e0e4736";
        ObjectNode first = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
        String firstId = "trace-" + UUID.randomUUID();
        first.put("eventId", UUID.randomUUID().toString());
        first.put("proposalId", firstId);
        first.put("traceparent", "00-" + inEnvelope + "-b7ad6b7169203331-01");
        ObjectNode second = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
        String secondId = "trace-" + UUID.randomUUID();
        second.put("eventId", UUID.randomUUID().toString());
        second.put("proposalId", secondId);
        second.putNull("traceparent");
        ProducerRecord<String, String> headerOnly = new ProducerRecord<>("proposal.submitted", secondId,
                JSON.writeValueAsString(second));
        headerOnly.headers().add("traceparent",
                ("00-" + inHeader + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

        try (Consumer<String, String> consumer = suggestedConsumer();
             Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("proposal.submitted", firstId, JSON.writeValueAsString(first))).get();
            producer.send(headerOnly).get();
            List<ConsumerRecord<String, String>> seen = new ArrayList<>(pollUntilKey(consumer, firstId,
                    Duration.ofSeconds(30)));
            if (seen.stream().noneMatch(r -> secondId.equals(r.key()))) {
                seen.addAll(pollUntilKey(consumer, secondId, Duration.ofSeconds(30)));
            }
            for (Map.Entry<String, String> expected : Map.of(firstId, inEnvelope, secondId, inHeader).entrySet()) {
                ConsumerRecord<String, String> suggested = seen.stream()
                        .filter(r -> expected.getKey().equals(r.key())).findFirst().orElseThrow();
                EventContracts.assertConforms("catalog.suggested", suggested.value());
                assertThat(JSON.readTree(suggested.value()).path("traceparent").asString())
                        .startsWith("00-" + expected.getValue() + "-");
                Header header = suggested.headers().lastHeader("traceparent");
                assertThat(header).as("traceparent header of %s", expected.getKey()).isNotNull();
                assertThat(new String(header.value(), StandardCharsets.UTF_8))
                        .startsWith("00-" + expected.getValue() + "-");
                // the handler logs after the send, so the record can be read before the line is written
                long logDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < logDeadline && !output.getOut().contains(
                        "institutions for proposal " + expected.getKey())) {
                    Thread.sleep(50);
                }
                assertThat(output.getOut().lines()
                        .filter(line -> line.contains("institutions for proposal " + expected.getKey())))
                        .singleElement().asString().contains(expected.getValue());
            }
        }
    }

    private int proposalsInField(String field) throws Exception {
        String body = mvc.perform(get("/api/catalog/stats")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JSON.readTree(body).path("proposalsByField").path(field).asInt(0);
    }

    @Test
    void routedProposalsAreCountedPerDepartment() throws Exception {
        String routed = EventContracts.example("proposal.routed");
        String proposalId = JSON.readTree(routed).path("proposalId").asString();
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("proposal.routed", proposalId, routed)).get();
            producer.send(new ProducerRecord<>("proposal.routed", proposalId, routed)).get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode byDepartment = JSON.createObjectNode();
        while (System.nanoTime() < deadline) {
            String body = mvc.perform(get("/api/catalog/stats")).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            byDepartment = JSON.readTree(body).path("proposalsByDepartment");
            if (!byDepartment.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(byDepartment.path("RESOURCE_CIRCULATION").asInt()).isEqualTo(1);
        assertThat(byDepartment.size()).isEqualTo(1);
    }

    @Test
    void completedProposalBecomesADraftThatAnOperatorPublishesAsASearchableCase() throws Exception {
        String proposalId = "completed-" + UUID.randomUUID();
        ObjectNode submitted = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
        submitted.put("eventId", UUID.randomUUID().toString());
        submitted.put("proposalId", proposalId);
        ObjectNode proposal = (ObjectNode) submitted.path("payload").path("proposal");
        proposal.put("title", "골목마다 폐건전지 수거함 설치");
        proposal.put("content", "주민센터와 편의점에 폐건전지 수거함을 두고 모인 건전지를 재활용 업체에 보내는 협력을 제안합니다.");
        ObjectNode completed = (ObjectNode) JSON.readTree(EventContracts.example("proposal.status-changed"));
        completed.put("eventId", UUID.randomUUID().toString());
        completed.put("proposalId", proposalId);
        ((ObjectNode) completed.path("payload")).put("status", "COMPLETED").put("previousStatus", "IN_DISCUSSION")
                .put("note", "수거함 120개를 설치했습니다.");

        try (Consumer<String, String> consumer = suggestedConsumer();
             Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, JSON.writeValueAsString(submitted))).get();
            pollUntilKey(consumer, proposalId, Duration.ofSeconds(30));
            producer.send(new ProducerRecord<>("proposal.status-changed", proposalId,
                    JSON.writeValueAsString(completed))).get();
        }

        mvc.perform(get("/api/ops/catalog/drafts")).andExpect(status().isUnauthorized());
        mvc.perform(get("/ops/catalog/drafts")).andExpect(status().isFound())
                .andExpect(header().string("Location", "/ops/login?next=%2Fops%2Fcatalog%2Fdrafts"));
        var operator = httpBasic("operator", OPERATOR_PASSWORD);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String drafts = "";
        while (System.nanoTime() < deadline && !drafts.contains(proposalId)) {
            Thread.sleep(200);
            drafts = mvc.perform(get("/api/ops/catalog/drafts").with(operator)).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
        }
        assertThat(drafts).contains(proposalId).contains("골목마다 폐건전지 수거함 설치").contains("수거함 120개를 설치했습니다.");
        mvc.perform(get("/ops/catalog/drafts/" + proposalId).with(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("협력사례로 공개")));

        mvc.perform(post("/ops/catalog/drafts/" + proposalId + "/publish").with(operator).with(csrf())
                        .param("slug", "Bad Slug!").param("title", "골목마다 폐건전지 수거함 설치")
                        .param("summary", "짧음").param("partners", "푸른지구 협동조합").param("scope", "SEOUL"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("주소 이름은 영문 소문자")))
                .andExpect(content().string(containsString("분야를 하나 이상")));
        mvc.perform(post("/ops/catalog/drafts/" + proposalId + "/publish").with(operator)
                        .param("slug", "battery-collection").param("title", "골목마다 폐건전지 수거함 설치")
                        .param("summary", "주민센터와 편의점에 폐건전지 수거함을 두고 재활용 업체와 함께 수거했습니다.")
                        .param("partners", "푸른지구 협동조합, 서울특별시 자원순환과").param("fields", "ENVIRONMENT_PARKS")
                        .param("scope", "SEOUL"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/ops/catalog/drafts/" + proposalId + "/publish").with(operator).with(csrf())
                        .param("slug", "battery-collection").param("title", "골목마다 폐건전지 수거함 설치")
                        .param("summary", "주민센터와 편의점에 폐건전지 수거함을 두고 재활용 업체와 함께 수거했습니다.")
                        .param("partners", "푸른지구 협동조합, 서울특별시 자원순환과").param("fields", "ENVIRONMENT_PARKS")
                        .param("scope", "SEOUL").param("period", "2026년").param("outcome", "수거함 120개 설치"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", "/cases/battery-collection"));

        mvc.perform(post("/api/ops/catalog/rebuild")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/ops/catalog/rebuild").with(operator))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cases", greaterThanOrEqualTo(25)))
                .andExpect(jsonPath("$.institutions", greaterThanOrEqualTo(30)));
        mvc.perform(get("/api/cases").param("q", "건전지"))
                .andExpect(jsonPath("$.items[0].id").value("battery-collection"));
        mvc.perform(get("/cases/battery-collection"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("골목마다 폐건전지 수거함 설치")));
    }

    @Test
    void rebuildingTheReadModelsFromTheCatalogueTopicsGivesTheSameState() throws Exception {
        var operator = httpBasic("operator", OPERATOR_PASSWORD);
        // curation through events: a consumed institution event, an operator's withdrawal
        ObjectNode institution = (ObjectNode) JSON.readTree(EventContracts.example("catalog.institution-upserted"));
        institution.put("eventId", UUID.randomUUID().toString()).put("proposalId", "gangnam-rooftop-farm-coop");
        ((ObjectNode) institution.path("payload").path("institution")).put("id", "gangnam-rooftop-farm-coop")
                .put("name", "옥상텃밭 사회적협동조합").put("kind", "PRIVATE")
                .put("homepage", "https://rooftop.example.org");
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("catalog.institution-upserted", "gangnam-rooftop-farm-coop",
                    JSON.writeValueAsString(institution))).get();
        }
        awaitBody("/api/institutions?q=옥상텃밭", "gangnam-rooftop-farm-coop");

        mvc.perform(post("/api/ops/catalog/cases/seoul-bike-ttareungyi/withdraw")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/ops/catalog/cases/no-such-case/withdraw").with(operator))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/ops/catalog/cases/seoul-bike-ttareungyi/withdraw").with(operator)
                        .param("reason", "협력 기관 요청"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/cases/seoul-bike-ttareungyi")).andExpect(status().isNotFound());
        mvc.perform(get("/cases/seoul-bike-ttareungyi")).andExpect(status().isNotFound());
        mvc.perform(get("/api/cases").param("q", "따릉이").param("size", "500"))
                .andExpect(jsonPath("$.items[*].id", not(hasItem("seoul-bike-ttareungyi"))));

        // what was sent conforms to the contract, keyed by the case id
        try (Consumer<String, String> consumer = consumer("catalog.case-withdrawn", "catalog.case-published")) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>(pollUntilKey(consumer,
                    "seoul-bike-ttareungyi", Duration.ofSeconds(30)));
            if (records.stream().noneMatch(r -> "myeongdong-tourist-info-center".equals(r.key()))) {
                records.addAll(pollUntilKey(consumer, "myeongdong-tourist-info-center", Duration.ofSeconds(30)));
            }
            records.forEach(r -> EventContracts.assertConforms(r.topic(), r.value()));
            assertThat(records).anyMatch(r -> r.topic().equals("catalog.case-withdrawn"));
            assertThat(records).anyMatch(r -> r.topic().equals("catalog.case-published")
                    && r.key().equals("myeongdong-tourist-info-center"));
        }

        Thread.sleep(500); // let the live binding apply its (no-op) copies before the comparison
        var before = readModels.snapshot();
        String casesBefore = body("/api/cases?size=500");
        String institutionsBefore = body("/api/institutions?size=500");
        String rebuilt = mvc.perform(post("/api/ops/catalog/rebuild").with(operator))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JSON.readTree(rebuilt).path("events").asInt()).isGreaterThanOrEqualTo(24 + 43 + 2);
        assertThat(readModels.snapshot()).as("read models rebuilt from the topics").isEqualTo(before);
        assertThat(body("/api/cases?size=500")).isEqualTo(casesBefore);
        assertThat(body("/api/institutions?size=500")).isEqualTo(institutionsBefore).contains("옥상텃밭");
        mvc.perform(get("/api/cases/seoul-bike-ttareungyi")).andExpect(status().isNotFound());

        // the same from the ops page (form with CSRF token)
        mvc.perform(get("/ops/catalog/drafts").with(operator))
                .andExpect(content().string(containsString("action=\"/ops/catalog/rebuild\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        mvc.perform(post("/ops/catalog/rebuild").with(operator)).andExpect(status().isForbidden());
        mvc.perform(post("/ops/catalog/rebuild").with(operator).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", matchesPattern("^/ops/catalog/drafts\\?rebuilt=\\d+$")));
        assertThat(readModels.snapshot()).isEqualTo(before);
    }

    @Test
    void operatorsCurateInstitutionsThroughEventsThatSurviveARebuild() throws Exception {
        var operator = httpBasic("operator", OPERATOR_PASSWORD);
        // anonymous: the login page of the ops console (served by proposal-service behind the gateway)
        mvc.perform(get("/ops/catalog/institutions")).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", "/ops/login?next=%2Fops%2Fcatalog%2Finstitutions"));
        mvc.perform(get("/ops/catalog/institutions/new")).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", "/ops/login?next=%2Fops%2Fcatalog%2Finstitutions%2Fnew"));
        mvc.perform(post("/ops/catalog/institutions").with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", matchesPattern("^/ops/login.*")));
        mvc.perform(get("/ops/catalog/institutions").with(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("협력기관 관리")))
                .andExpect(content().string(containsString("href=\"/ops/catalog/institutions/seoul-metro\"")))
                .andExpect(content().string(containsString("href=\"/ops/catalog/institutions/new\"")));
        mvc.perform(get("/ops/catalog/institutions/new").with(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("action=\"/ops/catalog/institutions\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        mvc.perform(get("/ops/catalog/institutions/no-such-institution").with(operator))
                .andExpect(status().isNotFound());

        // bad input: Korean errors next to the fields, the input shown again (escaped), nothing sent
        mvc.perform(post("/ops/catalog/institutions").with(operator).with(csrf())
                        .param("id", "Bad Id!").param("name", " ").param("kind", "NOPE")
                        .param("homepage", "javascript:alert(1)")
                        .param("description", "<script>alert('x')</script> 소개"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("주소 이름은 영문 소문자")))
                .andExpect(content().string(containsString("기관 이름을 입력해 주세요.")))
                .andExpect(content().string(containsString("기관 구분을 골라 주세요.")))
                .andExpect(content().string(containsString("분야를 하나 이상 골라 주세요.")))
                .andExpect(content().string(containsString("id=\"homepage-error\"")))
                .andExpect(content().string(containsString("value=\"javascript:alert(1)\"")))
                .andExpect(content().string(containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 소개")))
                .andExpect(content().string(not(containsString("<script>"))));
        mvc.perform(post("/ops/catalog/institutions").with(operator).with(csrf())
                        .param("id", "seoul-energy-corp").param("name", "서울에너지공사").param("kind", "PUBLIC_CORPORATION")
                        .param("fields", "ENVIRONMENT_PARKS").param("homepage", "https://www.i-se.co.kr"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("이미 쓰이는 주소 이름입니다.")));
        mvc.perform(post("/ops/catalog/institutions").with(operator).with(csrf())
                        .param("id", "x-" + "a".repeat(70)).param("name", "가".repeat(201)).param("kind", "PRIVATE")
                        .param("fields", "GARDENING").param("homepage", "ftp://files.example.org")
                        .param("cooperationAreas", "가".repeat(101)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("주소 이름은 영문 소문자")))
                .andExpect(content().string(containsString("기관 이름은 200자 이내로")))
                .andExpect(content().string(containsString("분야를 하나 이상 골라 주세요.")))
                .andExpect(content().string(containsString("누리집 주소는 http:// 또는 https://")))
                .andExpect(content().string(containsString("협력 분야는 10개까지")));
        mvc.perform(get("/api/institutions").param("q", "수리카페"))
                .andExpect(jsonPath("$.items[*].id", not(hasItem("mapo-repair-cafe"))));

        // a new institution: without the CSRF token refused, with it sent, listed and searchable at once
        mvc.perform(post("/ops/catalog/institutions").with(operator)
                        .param("id", "mapo-repair-cafe").param("name", "마포 수리카페 협동조합"))
                .andExpect(status().isForbidden());
        try (Consumer<String, String> consumer = consumer("catalog.institution-upserted")) {
            mvc.perform(post("/ops/catalog/institutions").with(operator).with(csrf())
                            .param("id", "mapo-repair-cafe").param("name", "마포 수리카페 협동조합")
                            .param("nameEn", "Mapo Repair Cafe Cooperative").param("kind", "PRIVATE")
                            .param("fields", "ENVIRONMENT_PARKS", "GOVERNANCE_COMMUNITY")
                            .param("homepage", "https://repair-cafe.example.org")
                            .param("description", "고장 난 생활용품을 이웃과 함께 고쳐 쓰는 수리카페를 여는 협동조합입니다.")
                            .param("cooperationAreas", "수리 모임, 자원순환 교육"))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(header().string("Location", "/ops/catalog/institutions?saved=mapo-repair-cafe"));
            ConsumerRecord<String, String> sent = pollUntilKey(consumer, "mapo-repair-cafe", Duration.ofSeconds(30))
                    .stream().filter(r -> "mapo-repair-cafe".equals(r.key())).findFirst().orElseThrow();
            EventContracts.assertConforms("catalog.institution-upserted", sent.value());
            JsonNode payload = JSON.readTree(sent.value()).path("payload");
            assertThat(payload.path("origin").asString()).isEqualTo("OPERATOR");
            assertThat(payload.path("institution").path("cooperationAreas").size()).isEqualTo(2);
        }
        mvc.perform(get("/api/institutions").param("q", "수리카페"))
                .andExpect(jsonPath("$.items[0].id").value("mapo-repair-cafe"))
                .andExpect(jsonPath("$.items[0].homepage").value("https://repair-cafe.example.org"));
        mvc.perform(get("/ops/catalog/institutions").with(operator).param("saved", "mapo-repair-cafe"))
                .andExpect(content().string(containsString("저장했습니다: 마포 수리카페 협동조합")));

        // an edit that hides a seed institution: off the public list, search and suggestions, kept for operators
        mvc.perform(get("/ops/catalog/institutions/seoul-metro").with(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"서울교통공사\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        saveSeoulMetro(true, "서울 지하철을 운영하는 공사입니다.").andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/institutions").param("size", "500"))
                .andExpect(jsonPath("$.items[*].id", not(hasItem("seoul-metro"))))
                .andExpect(jsonPath("$.items[*].id", hasItem("mapo-repair-cafe")));
        mvc.perform(get("/institutions")).andExpect(content().string(not(containsString("서울교통공사"))));
        mvc.perform(get("/ops/catalog/institutions").with(operator))
                .andExpect(content().string(containsString("서울교통공사")))
                .andExpect(content().string(containsString("숨김")));

        Thread.sleep(500); // let the live binding apply its (no-op) copies before the comparison
        var before = readModels.snapshot();
        mvc.perform(post("/api/ops/catalog/rebuild").with(operator)).andExpect(status().isOk());
        assertThat(readModels.snapshot()).as("operator's institutions rebuilt from the topics").isEqualTo(before);
        mvc.perform(get("/api/institutions").param("size", "500"))
                .andExpect(jsonPath("$.items[*].id", not(hasItem("seoul-metro"))))
                .andExpect(jsonPath("$.items[*].id", hasItem("mapo-repair-cafe")));

        // shown again
        saveSeoulMetro(false, "서울 지하철 1~8호선 등 도시철도를 운영하는 공사입니다.")
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/institutions").param("q", "서울교통공사"))
                .andExpect(jsonPath("$.items[0].id").value("seoul-metro"));
        mvc.perform(get("/api/institutions").param("size", "500"))
                .andExpect(jsonPath("$.items[*].id", not(hasItem("another-id"))));
        mvc.perform(post("/ops/catalog/institutions/no-such-institution").with(operator).with(csrf())
                        .param("name", "없는 기관"))
                .andExpect(status().isNotFound());
    }

    /** The operator's form for the seed institution seoul-metro, posted with the id in the form trying to differ. */
    private org.springframework.test.web.servlet.ResultActions saveSeoulMetro(boolean hidden, String description)
            throws Exception {
        return mvc.perform(post("/ops/catalog/institutions/seoul-metro")
                .with(httpBasic("operator", OPERATOR_PASSWORD)).with(csrf())
                .param("id", "another-id").param("name", "서울교통공사").param("nameEn", "Seoul Metro")
                .param("kind", "PUBLIC_CORPORATION").param("fields", "SAFETY_TRANSPORT")
                .param("homepage", "http://www.seoulmetro.co.kr").param("description", description)
                .param("cooperationAreas", "역사 공간 활용, 교통약자 이동 편의, 지하철 안전")
                .param("hidden", Boolean.toString(hidden)));
    }

    @Test
    void theCatalogueTopicsKeepTheirRecordsForever() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            List<ConfigResource> topics = CatalogEventLog.TOPICS.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics).all().get(30, TimeUnit.SECONDS);
            assertThat(configs).hasSize(3);
            configs.forEach((topic, config) -> {
                assertThat(config.get("retention.ms").value()).as(topic.name()).isEqualTo("-1");
                assertThat(config.get("retention.bytes").value()).as(topic.name()).isEqualTo("-1");
            });
        }
    }

    @Test
    void metricsCarryTheSanePrefix() throws Exception {
        mvc.perform(get("/api/cases")).andExpect(status().isOk());
        String metrics = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(metrics).contains("sane_catalog_suggestions_published_total", "sane_catalog_events_duplicates_total",
                "sane_catalog_api_seconds_count{", "sane_catalog_cases_published_total{", "origin=\"SEED\"",
                "sane_catalog_cases_withdrawn_total", "sane_catalog_institutions_upserted_total{",
                "sane_catalog_institutions{", "hidden=\"false\"");
        assertThat(metrics.lines().filter(l -> l.startsWith("sane_catalog_cases{") && l.contains("published=\"true\"")))
                .singleElement().satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .isGreaterThanOrEqualTo(20));
        assertThat(metrics.lines().filter(l -> l.startsWith("catalog_"))).isEmpty();
    }

    @Test
    void aStaleOrRedeliveredCatalogueEventChangesNothing() throws Exception {
        ObjectNode stale = (ObjectNode) JSON.readTree(EventContracts.example("catalog.case-published"));
        stale.put("occurredAt", "2000-01-01T00:00:00Z"); // older than the seed's own event
        // a newer event behind it on the same partition: once it is visible, the stale one has been handled
        ObjectNode marker = (ObjectNode) JSON.readTree(EventContracts.example("catalog.case-published"));
        marker.put("eventId", UUID.randomUUID().toString()).put("proposalId", "ordering-marker-case")
                .put("occurredAt", clock.instant().toString());
        ((ObjectNode) marker.path("payload").path("case")).put("id", "ordering-marker-case")
                .put("title", "순서 확인용 표식 사례").put("summary", "이벤트 순서를 확인하려고 넣은 표식입니다.")
                .put("mainCase", false);
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("catalog.case-published", "waste-vinyl-fuel",
                    JSON.writeValueAsString(stale))).get();
            producer.send(new ProducerRecord<>("catalog.case-published", "waste-vinyl-fuel",
                    JSON.writeValueAsString(stale))).get();
            producer.send(new ProducerRecord<>("catalog.case-published", "ordering-marker-case",
                    JSON.writeValueAsString(marker))).get();
        }
        awaitBody("/api/cases?q=표식", "ordering-marker-case");
        mvc.perform(get("/api/cases/waste-vinyl-fuel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.summary", not(containsString("자치구와 기업이 함께 폐비닐을"))));
    }

    private String body(String uri) throws Exception {
        return mvc.perform(get(uri)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private void awaitBody(String uri, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline && !body.contains(expected)) {
            Thread.sleep(200);
            body = body(uri);
        }
        assertThat(body).contains(expected);
    }

    // --- API ------------------------------------------------------------------------------------------------

    @Test
    void koreanSearchFindsTheHousingWelfareCase() throws Exception {
        mvc.perform(get("/api/cases").param("q", "주거"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].id", hasItem("housing-finance-solar-housing-welfare")))
                .andExpect(jsonPath("$.items[0].url", matchesPattern("^/cases/[a-z0-9-]+$")));
        mvc.perform(get("/api/cases").param("q", "플라스틱"))
                .andExpect(jsonPath("$.items[0].fields", hasItem("ENVIRONMENT_PARKS")))
                .andExpect(jsonPath("$.items[*].id", hasItem("waste-vinyl-fuel")));
        // the two seed cases about plastic come before anything else
        JsonNode plastic = JSON.readTree(body("/api/cases?q=플라스틱"));
        assertThat(List.of(plastic.path("items").get(0).path("id").asString(),
                plastic.path("items").get(1).path("id").asString()))
                .containsExactlyInAnyOrder("waste-vinyl-fuel", "plastic-resource-circulation-network");
    }

    @Test
    void fieldFilterLimitsCasesAndInstitutions() throws Exception {
        mvc.perform(get("/api/cases").param("field", "WELFARE"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", not(hasSize(0))))
                .andExpect(jsonPath("$.items[*].fields", everyItem(hasItem("WELFARE"))));
        mvc.perform(get("/api/institutions").param("field", "ENVIRONMENT_PARKS").param("q", "에너지"))
                .andExpect(jsonPath("$.items[*].id", hasItem("seoul-energy-corp")))
                .andExpect(jsonPath("$.items[*].fields", everyItem(hasItem("ENVIRONMENT_PARKS"))));
    }

    @Test
    void sizeUpTo500IsHonouredAndPagesDoNotOverlap() throws Exception {
        mvc.perform(get("/api/cases").param("size", "500"))
                .andExpect(jsonPath("$.total", greaterThanOrEqualTo(20)))
                .andExpect(jsonPath("$.items.length()", greaterThanOrEqualTo(20)));
        mvc.perform(get("/api/institutions").param("size", "500"))
                .andExpect(jsonPath("$.total", greaterThanOrEqualTo(30)))
                .andExpect(jsonPath("$.items.length()", greaterThanOrEqualTo(30)))
                .andExpect(jsonPath("$.items[*].homepage", everyItem(matchesPattern("^https?://.+"))));
        JsonNode first = JSON.readTree(mvc.perform(get("/api/cases?page=0&size=5")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        JsonNode second = JSON.readTree(mvc.perform(get("/api/cases?page=1&size=5")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(first.path("items").size()).isEqualTo(5);
        assertThat(second.path("items").size()).isEqualTo(5);
        assertThat(first.path("total").asInt()).isEqualTo(second.path("total").asInt());
        List<String> firstIds = new ArrayList<>();
        first.path("items").forEach(i -> firstIds.add(i.path("id").asString()));
        second.path("items").forEach(i -> assertThat(firstIds).doesNotContain(i.path("id").asString()));
    }

    @Test
    void badParametersGet400WithKoreanMessages() throws Exception {
        mvc.perform(get("/api/cases").param("size", "501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].message", containsString("페이지")));
        mvc.perform(get("/api/cases").param("page", "abc").param("field", "NOPE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("page")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("field")));
        mvc.perform(get("/api/institutions").param("size", "0"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/cases").param("q", "가".repeat(201)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("q"));
    }

    /**
     * Every JSON endpoint is an operation of the OpenAPI document with the security the service applies and the
     * list parameters' rules; the document is written to {@code target/openapi/catalog.json} for the CI's linter.
     */
    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurityAndTheSearchRules() throws Exception {
        String document = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        ApiDocuments.write(document, "catalog");

        assertThat(ApiDocuments.endpoints(mappings, "kr.seoul.sane.catalog."))
                .contains("get /api/cases", "get /api/institutions", "post /api/ops/catalog/rebuild");
        assertThat(ApiDocuments.problems(mappings, "kr.seoul.sane.catalog.", document)).isEmpty();

        JsonNode doc = JSON.readTree(document);
        JsonNode cases = doc.path("paths").path("/api/cases").path("get");
        assertThat(cases.path("security").isEmpty()).as("public").isTrue();
        assertThat(doc.path("paths").path("/api/institutions").path("get").path("summary").asString()).isNotBlank();
        JsonNode size = cases.path("parameters").valueStream()
                .filter(p -> p.path("name").asString().equals("size")).findFirst().orElseThrow();
        assertThat(size.path("schema").path("maximum").asInt()).isEqualTo(500);
        assertThat(size.path("schema").path("minimum").asInt()).isEqualTo(1);
        JsonNode field = cases.path("parameters").valueStream()
                .filter(p -> p.path("name").asString().equals("field")).findFirst().orElseThrow();
        assertThat(field.path("schema").path("enum").toString()).contains("ENVIRONMENT_PARKS");
        JsonNode rebuild = doc.path("paths").path("/api/ops/catalog/rebuild").path("post");
        assertThat(rebuild.path("description").asString()).as("ADMIN only").contains("ADMIN");
        assertThat(rebuild.path("responses").propertyNames()).contains("200", "401", "403");
    }

    // --- pages ----------------------------------------------------------------------------------------------

    @Test
    void everyPublicPageHasAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() throws Exception {
        for (String page : List.of("/cases", "/cases/myeongdong-tourist-info-center", "/institutions",
                "/transparency", "/transparency?lang=en", "/cases/no-such-case")) {
            mvc.perform(get(page))
                    .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self';")))
                    .andExpect(header().string("Content-Security-Policy", containsString("style-src 'self';")))
                    .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))))
                    .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                    .andExpect(content().string(containsString(
                            "<link rel=\"stylesheet\" href=\"/cases/assets/catalog.css\">")))
                    .andExpect(content().string(not(containsString("<style"))))
                    .andExpect(content().string(not(containsString("<script"))))
                    .andExpect(content().string(not(containsString(" style="))));
        }
        mvc.perform(get("/cases/assets/catalog.css"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("text/css")))
                .andExpect(content().string(containsString(".tabs a[aria-current=\"page\"]")));
    }

    @Test
    void casesPageIsKoreanWithTabsAndHighlightedMatches() throws Exception {
        mvc.perform(get("/cases"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                .andExpect(content().string(containsString("lang=\"ko\"")))
                .andExpect(content().string(containsString("주요 사례")))
                .andExpect(content().string(containsString("분야별")))
                .andExpect(content().string(containsString("국내·외")))
                .andExpect(content().string(containsString("명동관광정보센터")))
                .andExpect(content().string(containsString("href=\"/assets/site.css\"")))
                .andExpect(content().string(containsString("href=\"/track\"")))
                .andExpect(content().string(containsString("href=\"/proposals/new\"")));
        mvc.perform(get("/cases").param("q", "플라스틱"))
                .andExpect(content().string(containsString("<mark>플라스틱</mark>")));
        mvc.perform(get("/cases").param("view", "scope").param("scope", "INTERNATIONAL"))
                .andExpect(content().string(containsString("샌프란시스코")))
                .andExpect(content().string(not(containsString("명동관광정보센터"))));
    }

    @Test
    void casesAndInstitutionsPagesListTheWholeCatalogueInEveryView() throws Exception {
        assertThat(count(body("/cases"), "(\\d+)건의 협력사례")).isGreaterThanOrEqualTo(20);
        assertThat(count(body("/cases?view=main"), "(\\d+)건의 협력사례")).isBetween(1, 19);
        String main = body("/cases?view=main");
        assertThat(main.split("class=\"card\"", -1).length - 1)
                .isEqualTo(main.split("class=\"badge\"", -1).length - 1);
        assertThat(body("/cases?view=field&field=ENVIRONMENT_PARKS")).contains("aria-current=\"true\"")
                .contains("폐비닐·폐플라스틱 재생연료화 협력").doesNotContain("명동관광정보센터");
        assertThat(count(body("/cases?view=scope&scope=DOMESTIC"), "(\\d+)건의 협력사례")).isPositive();
        String institutions = body("/institutions");
        assertThat(count(institutions, "(\\d+)개 기관")).isGreaterThanOrEqualTo(30);
        java.util.regex.Matcher links = java.util.regex.Pattern
                .compile("<h3><a href=\"([^\"]*)\" target=\"_blank\"").matcher(institutions);
        int homepages = 0;
        while (links.find()) {
            assertThat(links.group(1)).matches("^https?://[^\\s\"<>]+$");
            homepages++;
        }
        assertThat(homepages).isGreaterThanOrEqualTo(30);
    }

    private static int count(String page, String pattern) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(page);
        assertThat(m.find()).as("%s in the page", pattern).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void casePageCarriesOpenGraphTwitterAndShareLinks() throws Exception {
        mvc.perform(get("/cases/waste-vinyl-fuel"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<meta property=\"og:title\" content=\"폐비닐·폐플라스틱 재생연료화 협력\">")))
                .andExpect(content().string(containsString("property=\"og:description\"")))
                .andExpect(content().string(containsString("name=\"twitter:card\" content=\"summary\"")))
                .andExpect(content().string(containsString("https://www.facebook.com/sharer/sharer.php?u=")))
                .andExpect(content().string(containsString("https://share.naver.com/web/shareView?url=")))
                .andExpect(content().string(containsString("링크 복사")))
                .andExpect(content().string(containsString("https://twitter.com/intent/tweet?url=")))
                .andExpect(content().string(containsString("https://story.kakao.com/share?url=")))
                .andExpect(content().string(not(containsString("<script"))));
    }

    @Test
    void unknownCaseGetsAKorean404Page() throws Exception {
        mvc.perform(get("/cases/no-such-case"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("페이지를 찾을 수 없습니다")));
        mvc.perform(get("/api/cases/no-such-case"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.errors[0].message", containsString("찾을 수 없습니다")));
    }

    @Test
    void institutionsPageGroupsByFieldWithExternalHomepageLinks() throws Exception {
        mvc.perform(get("/institutions"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("복지·어르신·장애인")))
                .andExpect(content().string(containsString("href=\"https://www.i-sh.co.kr\" target=\"_blank\" rel=\"noopener noreferrer\"")))
                .andExpect(content().string(containsString("새 창, 외부 사이트")));
    }

    @Test
    void englishIsChosenByParameterAndRememberedInACookie() throws Exception {
        mvc.perform(get("/cases").param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(cookie().value("lang", "en"))
                .andExpect(content().string(containsString("lang=\"en\"")))
                .andExpect(content().string(containsString("Cooperation cases")));
        mvc.perform(get("/institutions").cookie(new Cookie("lang", "en")))
                .andExpect(content().string(containsString("Partner institutions")));
        mvc.perform(get("/cases/myeongdong-tourist-info-center").cookie(new Cookie("lang", "en")))
                .andExpect(content().string(containsString("<h1>Myeongdong Tourist Information Centre")))
                .andExpect(content().string(containsString("명동")));
        mvc.perform(get("/cases").param("lang", "ko").cookie(new Cookie("lang", "en")))
                .andExpect(cookie().value("lang", "ko"))
                .andExpect(content().string(containsString("주요 사례")));
    }

    @Test
    void englishPagesMarkKoreanOnlyTextAsKorean() throws Exception {
        ObjectNode koreanOnly = (ObjectNode) JSON.readTree(EventContracts.example("catalog.case-published"));
        koreanOnly.put("eventId", UUID.randomUUID().toString()).put("proposalId", "korean-only-garden-case")
                .put("occurredAt", clock.instant().toString());
        ((ObjectNode) koreanOnly.path("payload").path("case")).put("id", "korean-only-garden-case")
                .put("title", "골목 화단 가꾸기 주민 협력").putNull("titleEn")
                .put("summary", "주민과 구청이 골목 화단을 함께 가꾼 사례입니다.").put("mainCase", false);
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("catalog.case-published", "korean-only-garden-case",
                    JSON.writeValueAsString(koreanOnly))).get();
        }
        awaitBody("/api/cases?q=화단", "korean-only-garden-case");
        mvc.perform(get("/cases/korean-only-garden-case").param("lang", "en"))
                .andExpect(content().string(containsString("<html lang=\"en\">")))
                .andExpect(content().string(containsString("<h1 lang=\"ko\">골목 화단 가꾸기 주민 협력</h1>")))
                .andExpect(content().string(containsString("<p lang=\"ko\">주민과 구청이 골목 화단을")));
        mvc.perform(get("/cases").param("lang", "en").param("q", "화단"))
                .andExpect(content().string(containsString("href=\"/cases/korean-only-garden-case\" lang=\"ko\"")));
        mvc.perform(get("/cases").param("lang", "en").param("view", "all"))
                .andExpect(content().string(containsString("class=\"pager\" aria-label=\"Pages\"")));
        mvc.perform(get("/cases/myeongdong-tourist-info-center").param("lang", "en"))
                .andExpect(content().string(containsString("<h1>Myeongdong Tourist Information Centre")));
        mvc.perform(get("/institutions").param("lang", "en"))
                .andExpect(content().string(containsString(">Seoul Metro")))
                .andExpect(content().string(containsString("<p lang=\"ko\">")));
    }

    @Test
    void healthIsOpenWithoutLogin() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.mongo.status").value("UP"));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private Producer<String, String> producer() {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        return new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new StringSerializer())
                .createProducer();
    }

    private Consumer<String, String> suggestedConsumer() {
        return consumer("catalog.suggested");
    }

    private Consumer<String, String> consumer(String... topics) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer();
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    private static List<ConsumerRecord<String, String>> pollUntilKey(Consumer<String, String> consumer, String key,
                                                                      Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                seen.add(r);
            }
            if (seen.stream().anyMatch(r -> key.equals(r.key()))) {
                return seen;
            }
        }
        throw new AssertionError("no record with key " + key + " within " + timeout + "; saw " + seen);
    }
}
