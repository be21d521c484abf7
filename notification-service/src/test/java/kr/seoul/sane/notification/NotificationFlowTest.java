package kr.seoul.sane.notification;

import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import kr.seoul.sane.opssecurity.OpsTokens;
import kr.seoul.sane.opssecurity.browser.Chromium;
import kr.seoul.sane.opssecurity.browser.PlatformStylesheet;
import org.springframework.http.ResponseEntity;
import java.time.Clock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import kr.seoul.sane.contracts.ApiDocuments;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.notification.delivery.Delivery;
import kr.seoul.sane.notification.delivery.DeliveryStatus;
import kr.seoul.sane.notification.delivery.BacklogCounts;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import kr.seoul.sane.notification.directory.Department;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service against a real Kafka broker (embedded), an in-memory MongoDB wire server and a GreenMail SMTP
 * server, all on free ports: contract examples in, mails and notification events out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PLATFORM_OPERATOR_USER=operator",
        "PLATFORM_OPERATOR_PASSWORD=s3cret-for-tests",
        "PLATFORM_OPS_SECRET=ops-secret-for-tests",
        // the lines per recorded and per sent mail are DEBUG; a test below checks that they carry the trace
        "logging.level.kr.seoul.sane.notification.delivery.DeliveryRecorder=DEBUG",
        "logging.level.kr.seoul.sane.notification.delivery.DeliveryAttempts=DEBUG",
        "sane.notification.dispatch.poll-interval=300ms",
        "sane.notification.dispatch.pending-grace=1s",
        "sane.notification.dispatch.first-retry-delay=300ms",
        "sane.notification.dispatch.max-retry-delay=1s",
        "sane.notification.metrics-refresh=1s",
        "sane.notification.dead-letter-metrics-refresh=1s",
        "resilience4j.circuitbreaker.instances.smtp.minimum-number-of-calls=2",
        "resilience4j.circuitbreaker.instances.smtp.wait-duration-in-open-state=1s",
        "resilience4j.retry.instances.smtp.wait-duration=50ms",
        "spring.mail.properties[mail.smtp.connectiontimeout]=1000",
        "sane.notification.reminders.check-interval=500ms",
        "PLATFORM_PUBLIC_URL=https://sane.seoul.example",
        "PLATFORM_LINK_SECRET=" + NotificationFlowTest.LINK_SECRET})
@AutoConfigureTracing
@org.springframework.context.annotation.Import({PinnedClock.class, PlatformStylesheet.class})
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed",
        "catalog.suggested", "notification.delivered", "notification.failed", "proposal.erasure-requested",
        "proposal.personal-data-erased"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationFlowTest {

    private static final String APPLICANT = "seoyeon.kim@example.org";
    private static final String DEPARTMENT = "resource-circulation@dept.seoul.example";
    private static final String PARTNERSHIP = "partnership@dept.seoul.example";
    private static final String TITLE = "폐플라스틱 병뚜껑 새활용 시민 캠페인";
    static final String LINK_SECRET = "test-secret-0123456789-abcdefghijklmnop";
    private static final String SOCIAL_INNOVATION = "social-innovation@dept.seoul.example";
    private static final String LINK_PREFIX = "https://sane.seoul.example/department/proposals/";

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final ServerSetup SMTP = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    private static final GreenMail greenMail = startGreenMail();
    /** The service talks to GreenMail through this relay, so a test can take SMTP away and bring it back. */
    private static final SmtpOutage RELAY = new SmtpOutage(freePort(), SMTP.getPort());

    static {
        RELAY.up();
    }

    /** The platform stylesheet ({@link PlatformStylesheet}) open to anyone, as the gateway serves it (test only). */
    @TestConfiguration
    static class OpenStylesheet {
        @Bean
        @org.springframework.core.annotation.Order(0)
        org.springframework.security.web.SecurityFilterChain openStylesheet(
                org.springframework.security.config.annotation.web.builders.HttpSecurity http) throws Exception {
            return http.securityMatcher("/assets/**").authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
    }

    /** A department whose directory address no mail server accepts: its mails fail for good (test only). */
    private static final String BROKEN_CODE = "BROKEN_MAILBOX";

    /** The directory with that department added; every other department as the service ships it. */
    @TestConfiguration
    static class DirectoryWithABrokenMailbox {
        @Bean
        @org.springframework.context.annotation.Primary
        DepartmentDirectory directoryWithABrokenMailbox(tools.jackson.databind.json.JsonMapper json) {
            return new DepartmentDirectory(json) {
                @Override
                public Optional<Department> find(String code) {
                    return BROKEN_CODE.equals(code) ? Optional.of(new Department(BROKEN_CODE, "주소오류과", "시험",
                            "broken(address@dept.seoul.example")) : super.find(code);
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;
    @Autowired
    MutableClock clock;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    DeliveryStore deliveries;
    @Autowired
    BacklogCounts backlog;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CircuitBreakerRegistry circuitBreakers;
    @Autowired
    kr.seoul.sane.notification.suggestion.ProposalSuggestions suggestions;
    @Autowired
    kr.seoul.sane.notification.contact.ApplicantContacts contacts;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", RELAY::port);
        registry.add("spring.cloud.stream.kafka.binder.brokers", () -> "${spring.embedded.kafka.brokers}");
    }

    // MongoDB, GreenMail and the relay stay up until the JVM exits: the application context closes after
    // @AfterAll methods and would otherwise wait for a vanished MongoDB while shutting down.

    @Test
    @Order(1)
    void departmentAndApplicantGetOneMailEachEvenWhenEventsAreRedelivered() throws Exception {
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", EventContracts.example("proposal.submitted"));
            send(producer, "proposal.routed", EventContracts.example("proposal.routed"));

            await(Duration.ofSeconds(30), () -> greenMail.getReceivedMessages().length >= 3);

            MimeMessage receipt = only(to(APPLICANT), "접수되었습니다");
            assertThat(receipt.getSubject()).isEqualTo("[서울사네] 협력제안이 접수되었습니다 (접수번호 SN-7K2F-9QXD-4MHT)");
            assertThat(text(receipt)).contains("SN-7K2F-9QXD-4MHT", "앞으로 이렇게 진행됩니다", "개인정보 안내");

            MimeMessage department = only(to(DEPARTMENT), TITLE);
            assertThat(department.getSubject()).isEqualTo("[서울사네 협력제안] " + TITLE);
            String departmentText = text(department);
            assertThat(departmentText).contains("푸른지구 협동조합", "비영리 단체", "김서연", "02-1234-5678",
                    "수거함 설치 장소와 홍보를 도와주시기 바랍니다.", "왜 이 부서로 배정되었나요",
                    "핵심어: 플라스틱, 새활용, 수거", "기후환경정책과");
            assertThat(html(department)).contains("푸른지구 협동조합", ">수락</a>", ">추가정보 요청</a>")
                    .doesNotContain("<form", "비슷한 협력사례");
            assertThat(payloadOfLink(departmentText, "6741a3f2c9e77b1d2a5f0c11"))
                    .startsWith("6741a3f2c9e77b1d2a5f0c11|RESOURCE_CIRCULATION|");

            MimeMessage routed = only(to(APPLICANT), "담당부서(자원순환과)에 전달되었습니다");
            assertThat(text(routed)).contains("자원순환과", "SN-7K2F-9QXD-4MHT");

            // the same events again, as after a rebalance or a replay
            double duplicatesBefore = duplicates();
            send(producer, "proposal.submitted", EventContracts.example("proposal.submitted"));
            send(producer, "proposal.routed", EventContracts.example("proposal.routed"));
            await(Duration.ofSeconds(20), () -> duplicates() >= duplicatesBefore + 3);
            Thread.sleep(500);
            assertThat(greenMail.getReceivedMessages()).hasSize(3);
        }

        List<String> delivered = read("notification.delivered", 3);
        assertThat(delivered).hasSize(3);
        for (String event : delivered) {
            EventContracts.assertConforms("notification.delivered", event);
            assertThat(event).doesNotContain("@").contains("6741a3f2c9e77b1d2a5f0c11");
        }
        assertThat(delivered).anySatisfy(e -> assertThat(e)
                .contains("\"deliveryId\":\"1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12:department-new-proposal:DEPARTMENT\"")
                .contains("\"departmentCode\":\"RESOURCE_CIRCULATION\""));
        assertThat(meters.get("sane.mail.sent").tag("template", "department-new-proposal").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void mailWaitsWhileSmtpIsDownAndArrivesOnceWhenItIsBack() throws Exception {
        List<CircuitBreaker.State> circuitStates = new java.util.concurrent.CopyOnWriteArrayList<>();
        circuitBreakers.circuitBreaker("smtp").getEventPublisher()
                .onStateTransition(e -> circuitStates.add(e.getStateTransition().getToState()));
        RELAY.down();
        greenMail.purgeEmailFromAllMailboxes();
        String eventId = UUID.randomUUID().toString();
        String submitted = EventContracts.example("proposal.submitted")
                .replace("0b6f3c2e-8a41-4c3e-9d0a-6f1e2b7c9a01", eventId)
                .replace("6741a3f2c9e77b1d2a5f0c11", "6741a3f2c9e77b1d2a5f0c22")
                .replace("SN-7K2F-9QXD-4MHT", "SN-AAAA-BBBB-CCCC")
                .replace(APPLICANT, "second.applicant@example.org")
                .replace("\"language\": \"ko\"", "\"language\": \"en\"");
        String accepted = EventContracts.example("proposal.status-changed");
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", submitted);
            send(producer, "proposal.status-changed", accepted);

            // both mails are recorded and wait; SMTP has been tried and failed
            String statusEventId = "2d8b5e40-ac63-4e50-9f2c-8b3a4d9e1c23";
            await(Duration.ofSeconds(30), () -> waiting(eventId) && waiting(statusEventId)
                    && (retrying(eventId) || retrying(statusEventId)));
            assertThat(greenMail.getReceivedMessages()).isEmpty();

            Thread.sleep(1000);
            assertThat(greenMail.getReceivedMessages()).isEmpty();
            RELAY.up();
            await(Duration.ofSeconds(30), () -> greenMail.getReceivedMessages().length >= 2);
            Thread.sleep(1500);
        }
        MimeMessage receipt = only(to("second.applicant@example.org"), "received");
        assertThat(receipt.getSubject())
                .isEqualTo("[Seoul SANE] Your cooperation proposal has been received (tracking code SN-AAAA-BBBB-CCCC)");
        assertThat(text(receipt)).contains("What happens next", "Privacy notice");
        MimeMessage decision = only(to(APPLICANT), "채택되었습니다");
        assertThat(text(decision)).contains("수거함 설치 장소를 함께 검토하겠습니다.", "자원순환과");
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        assertThat(deliveries.findBySourceEvent(eventId)).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.SENT));
        assertThat(circuitStates).as("the SMTP circuit opened during the outage and closed again")
                .contains(CircuitBreaker.State.OPEN).endsWith(CircuitBreaker.State.CLOSED);
    }

    @Test
    @Order(3)
    void departmentMailThatCannotBeDeliveredGoesToThePartnershipMailbox() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String title = "<b>공원</b> & 숲 \"함께\" 가꾸기 제안";
        String routed = EventContracts.example("proposal.routed")
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", eventId)
                .replace("6741a3f2c9e77b1d2a5f0c11", "6741a3f2c9e77b1d2a5f0c33")
                // the event's address is a good one: the department is mailed at the directory's, which fails
                .replace("\"departmentCode\": \"RESOURCE_CIRCULATION\",\n    \"departmentName\": \"자원순환과\"",
                        "\"departmentCode\": \"" + BROKEN_CODE + "\",\n    \"departmentName\": \"주소오류과\"")
                .replace(TITLE, title.replace("\"", "\\\""));
        EventContracts.assertConforms("proposal.routed", routed);
        greenMail.purgeEmailFromAllMailboxes();
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.routed", routed);
            await(Duration.ofSeconds(30), () -> to(PARTNERSHIP).size() == 1 && to(APPLICANT).size() == 1);
        }
        MimeMessage fallback = to(PARTNERSHIP).getFirst();
        assertThat(fallback.getSubject()).isEqualTo("[서울사네 협력제안] " + title);
        assertThat(text(fallback)).contains("원래 담당부서(주소오류과)의 메일 주소로 보낼 수 없어", "푸른지구 협동조합");
        assertThat(to(DEPARTMENT)).as("nothing to the address the event carries").isEmpty();
        assertThat(html(fallback)).contains("&lt;b&gt;공원&lt;/b&gt; &amp; 숲").doesNotContain("<b>공원</b>");

        Delivery failed = deliveries.find(eventId + ":department-new-proposal:DEPARTMENT").orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.permanentFailure()).isTrue();
        assertThat(failed.fallbackDeliveryId()).isEqualTo(failed.id() + ":FALLBACK");

        List<String> failures = read("notification.failed", 1);
        assertThat(failures).anySatisfy(e -> {
            EventContracts.assertConforms("notification.failed", e);
            assertThat(e).contains(eventId, "\"permanent\":true").doesNotContain("@");
        });
        // the copy's event says it is the copy (a field of the contract); consumers never read the delivery id's form
        await(Duration.ofSeconds(40), () -> everyRecord("notification.delivered").stream()
                .anyMatch(e -> e.contains(failed.fallbackDeliveryId())));
        List<String> delivered = everyRecord("notification.delivered").stream().filter(e -> e.contains(eventId))
                .toList();
        assertThat(delivered).filteredOn(e -> e.contains(failed.fallbackDeliveryId())).singleElement()
                .satisfies(e -> {
                    EventContracts.assertConforms("notification.delivered", e);
                    assertThat(e).contains("\"fallbackCopy\":true", "\"departmentCode\":\"PARTNERSHIP\"");
                });
        assertThat(delivered).filteredOn(e -> !e.contains(failed.fallbackDeliveryId())).isNotEmpty()
                .allSatisfy(e -> assertThat(e).doesNotContain("fallbackCopy"));
    }

    @Test
    @Order(4)
    void operatorsSeeFailedDeliveriesAndActuatorIsOpen() {
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        HttpStatusCode anonymous = http.get().uri("/api/ops/deliveries?status=FAILED").retrieve()
                .onStatus(status -> true, (request, response) -> { })
                .toBodilessEntity().getStatusCode();
        assertThat(anonymous.value()).isEqualTo(401);
        ResponseEntity<String> refused = http.get().uri("/api/ops/deliveries?status=FAILED").retrieve()
                .onStatus(status -> true, (request, response) -> { }).toEntity(String.class);
        assertThat(refused.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic realm=\"sane-ops\"");
        assertThat(refused.getBody()).contains("\"errors\"", "운영자 로그인이 필요합니다");

        String failed = http.get().uri("/api/ops/deliveries?status=FAILED")
                .headers(h -> h.setBasicAuth("operator", "s3cret-for-tests")).retrieve().body(String.class);
        assertThat(failed).contains("\"total\":1", ":department-new-proposal:DEPARTMENT\"", "\"permanentFailure\":true")
                .doesNotContain("broken(address@");
        // the token of the one ops login (minted with the shared secret) works as a bearer token too
        String token = new OpsTokens("ops-secret-for-tests", Duration.ofHours(8), clock)
                .mint("operator", List.of("OPERATOR"));
        assertThat(http.get().uri("/api/ops/deliveries?status=FAILED").headers(h -> h.setBearerAuth(token))
                .retrieve().body(String.class)).contains("\"total\":1");
        // the ops pages (/ops/deliveries, /ops/dead-letters) send anonymous operators to the one login page
        try (java.net.http.HttpClient browser = java.net.http.HttpClient.newHttpClient()) {
            var page = browser.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/ops/dead-letters")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/ops/login?next=%2Fops%2Fdead-letters");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        String health = http.get().uri("/actuator/health").retrieve()
                .onStatus(status -> true, (request, response) -> { }).body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
        String metrics = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics).contains("sane_mail_sent_total{", "template=\"department-new-proposal\"",
                "sane_mail_failed_total{", "permanent=\"true\"", "sane_mail_backlog ",
                "sane_mail_backlog_oldest_age_seconds ", "resilience4j_circuitbreaker_state");
        // registered up front for every template: 0 until the first failure
        assertThat(metrics).containsPattern(
                "sane_mail_failed_total\\{[^}]*permanent=\"false\",template=\"operator-escalation\"[^}]*} 0\\.0")
                .containsPattern(
                "sane_mail_failed_total\\{[^}]*permanent=\"true\",template=\"applicant-completed\"[^}]*} 0\\.0");
    }

    @Test
    @Order(8)
    void departmentThatDoesNotActIsRemindedOnceAndOperatorsAreToldLater() throws Exception {
        String title = "한강공원 반려견 산책 예절 캠페인 협력 제안";
        String routed = EventContracts.example("proposal.routed")
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString())
                .replace("6741a3f2c9e77b1d2a5f0c11", "6741a3f2c9e77b1d2a5f0c44")
                .replace("SN-7K2F-9QXD-4MHT", "SN-REMI-NDER-0044")
                .replace(TITLE, title);
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.routed", routed);
            await(Duration.ofSeconds(30), () -> to(DEPARTMENT).stream().anyMatch(m -> subject(m).contains(title)));
        }
        await(Duration.ofSeconds(10), () -> backlog.countBacklog() == 0);
        greenMail.purgeEmailFromAllMailboxes();

        // routed on Monday 2026-11-23: reminder after 3 business days, escalation after 7
        clock.advance(Duration.ofDays(6));
        await(Duration.ofSeconds(30), () -> to(DEPARTMENT).stream().anyMatch(m -> subject(m).contains(title)));
        Thread.sleep(1500);
        MimeMessage reminder = only(to(DEPARTMENT), title);
        assertThat(reminder.getSubject()).isEqualTo("[서울사네 협력제안·회신 요청] " + title);
        assertThat(text(reminder)).contains("아직 검토 결과가 없습니다", "SN-REMI-NDER-0044");
        // the reminder links the department's own list, signed for that department, in both parts
        for (String part : List.of(text(reminder), html(reminder).replace("&amp;", "&"))) {
            java.util.regex.Matcher list = java.util.regex.Pattern.compile(
                    "/department/proposals\\?department=RESOURCE_CIRCULATION&token=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)")
                    .matcher(part);
            assertThat(list.find()).as("list link in the reminder").isTrue();
            assertThat(kr.seoul.sane.notification.links.DepartmentLinksTest.verify(list.group(1), LINK_SECRET))
                    .startsWith("@department-list|RESOURCE_CIRCULATION|");
        }
        assertThat(to(DEPARTMENT)).as("the department that accepted its proposal is not reminded")
                .noneMatch(m -> subject(m).contains(TITLE));
        assertThat(to(PARTNERSHIP)).noneMatch(m -> subject(m).contains("기한 초과"));

        clock.advance(Duration.ofDays(5));
        await(Duration.ofSeconds(30), () -> to(PARTNERSHIP).stream().anyMatch(m -> subject(m).contains(title)));
        Thread.sleep(1500);
        MimeMessage escalation = only(to(PARTNERSHIP), title);
        assertThat(escalation.getSubject()).isEqualTo("[서울사네 운영·기한 초과] " + title + " (SN-REMI-NDER-0044)");
        assertThat(text(escalation)).contains("자원순환과", "7 영업일");
        assertThat(to(DEPARTMENT).stream().filter(m -> subject(m).contains(title))).hasSize(1);
    }

    @Test
    @Order(9)
    void unreadableEventGoesToTheDeadLetterTopicWithoutMail() throws Exception {
        int before = greenMail.getReceivedMessages().length;
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("proposal.submitted", "poison-1", "{\"eventId\": 42, not json")).get();
        }
        List<String> deadLetters = read("error.proposal.submitted.notification-service", 1);
        assertThat(deadLetters).anySatisfy(value -> assertThat(value).contains("not json"));
        assertThat(greenMail.getReceivedMessages()).hasSize(before);
    }

    private static final String P5 = "6741a3f2c9e77b1d2a5f0c55";
    private static final String P5_APPLICANT = "transfer.applicant@example.org";
    private static final String P5_TITLE = "마을 공유부엌으로 어르신 반찬 나눔 협력 제안";

    @Test
    @Order(5)
    void suggestionsThatArrivedFirstAreInTheDepartmentMailWithItsSignedLink() throws Exception {
        String suggested = EventContracts.example("catalog.suggested")
                .replace("6bcf9284-e0a7-4294-b36a-cf7e81d2a067", UUID.randomUUID().toString())
                .replace("6741a3f2c9e77b1d2a5f0c11", P5);
        EventContracts.assertConforms("catalog.suggested", suggested);
        try (Producer<String, String> producer = producer()) {
            send(producer, "catalog.suggested", suggested);
            send(producer, "catalog.suggested", suggested); // a replay changes nothing
            await(Duration.ofSeconds(30), () -> suggestions.find(P5).isPresent());
            send(producer, "proposal.routed", routedP5(UUID.randomUUID().toString(), "RESOURCE_CIRCULATION", "자원순환과",
                    DEPARTMENT, "AUTO", null, "2026-11-23T09:15:31Z"));
            await(Duration.ofSeconds(30), () -> to(DEPARTMENT).stream().anyMatch(m -> subject(m).contains(P5_TITLE))
                    && to(P5_APPLICANT).size() == 1);
        }
        MimeMessage mail = only(to(DEPARTMENT), P5_TITLE);
        String text = text(mail);
        String html = html(mail);
        assertThat(text).contains("[비슷한 협력사례]", "- 폐비닐 재생연료화 협력: https://sane.seoul.example/cases/waste-vinyl-fuel",
                "[함께할 수 있는 협력기관]", "- 서울에너지공사: https://www.i-se.co.kr", "회신 기한: ");
        assertThat(html).contains("비슷한 협력사례 · 함께할 수 있는 협력기관",
                "href=\"https://sane.seoul.example/cases/waste-vinyl-fuel\"", "href=\"https://www.i-se.co.kr\"",
                ">검토 시작</a>", ">수락</a>", ">반려</a>", ">이송</a>", ">추가정보 요청</a>").doesNotContain("<form");
        String payload = payloadOfLink(text, P5);
        long expires = Long.parseLong(payload.split("\\|")[2]);
        assertThat(payload).startsWith(P5 + "|RESOURCE_CIRCULATION|");
        assertThat(expires - clock.instant().getEpochSecond()).isBetween(Duration.ofDays(30).toSeconds() - 120,
                Duration.ofDays(30).toSeconds());
        assertThat(html).contains("href=\"" + linkIn(text, P5) + "\"");
    }

    @Test
    @Order(6)
    void transferTellsApplicantAndOldDepartmentAndTheNewOneOnlyWhenRouted() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.status-changed", statusChanged(P5, "TRANSFERRED", "ROUTED", "SOCIAL_INNOVATION",
                    "DEPARTMENT", "마을 공동체 사업이라 사회혁신담당관 소관입니다."));
            await(Duration.ofSeconds(30), () -> to(P5_APPLICANT).size() == 1 && to(DEPARTMENT).size() == 1);
            Thread.sleep(1000);
            assertThat(to(SOCIAL_INNOVATION)).as("the target waits for its proposal.routed").isEmpty();
            assertThat(text(only(to(P5_APPLICANT), "담당부서가 바뀌었습니다"))).contains("마을 공동체 사업이라",
                    "https://sane.seoul.example/track?code=SN-TRAN-SFER-0055");
            MimeMessage note = only(to(DEPARTMENT), "이송 완료");
            assertThat(text(note)).contains("사회혁신담당관", "마을 공동체 사업이라", P5_TITLE);

            send(producer, "proposal.routed", routedP5(UUID.randomUUID().toString(), "SOCIAL_INNOVATION", "사회혁신담당관",
                    SOCIAL_INNOVATION, "TRANSFER", "\"RESOURCE_CIRCULATION\"", "2026-11-23T10:00:00Z"));
            await(Duration.ofSeconds(30), () -> to(SOCIAL_INNOVATION).size() == 1 && to(P5_APPLICANT).size() == 2);
        }
        MimeMessage mail = only(to(SOCIAL_INNOVATION), P5_TITLE);
        assertThat(mail.getSubject()).isEqualTo("[서울사네 협력제안] " + P5_TITLE);
        String text = text(mail);
        assertThat(text).contains("자원순환과에서 이관된 제안입니다", "다른 부서에서 이관했습니다.");
        assertThat(payloadOfLink(text, P5)).startsWith(P5 + "|SOCIAL_INNOVATION|");
    }

    @Test
    @Order(7)
    void applicantHearsOfEachStepAndTheDepartmentGetsTheAnswerWithAFreshLink() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.status-changed", statusChanged(P5, "INFO_REQUESTED", "ROUTED", "SOCIAL_INNOVATION",
                    "DEPARTMENT", "참여 어르신 수와 공유부엌 위치를 알려 주세요."));
            await(Duration.ofSeconds(30), () -> to(P5_APPLICANT).size() == 1);
            send(producer, "proposal.status-changed", statusChanged(P5, "IN_REVIEW", "INFO_REQUESTED", "SOCIAL_INNOVATION",
                    "APPLICANT", "어르신 40명, 망원동 공유부엌입니다."));
            await(Duration.ofSeconds(30), () -> to(SOCIAL_INNOVATION).size() == 1);
            send(producer, "proposal.status-changed", statusChanged(P5, "IN_DISCUSSION", "ACCEPTED", "SOCIAL_INNOVATION",
                    "DEPARTMENT", "다음 주에 일정 협의 연락드리겠습니다."));
            send(producer, "proposal.status-changed", statusChanged(P5, "COMPLETED", "IN_DISCUSSION", "SOCIAL_INNOVATION",
                    "DEPARTMENT", null));
            await(Duration.ofSeconds(30), () -> to(P5_APPLICANT).size() == 3);
        }
        assertThat(text(only(to(P5_APPLICANT), "보완 정보가 필요합니다"))).contains("참여 어르신 수와 공유부엌 위치를 알려 주세요.",
                "진행상황 조회", "https://sane.seoul.example/track?code=SN-TRAN-SFER-0055");
        assertThat(text(only(to(P5_APPLICANT), "협의가 시작되었습니다"))).contains("다음 주에 일정 협의 연락드리겠습니다.",
                "사회혁신담당관");
        assertThat(text(only(to(P5_APPLICANT), "협력이 완료되었습니다"))).contains("사회혁신담당관");
        MimeMessage answer = only(to(SOCIAL_INNOVATION), "보완 답변 도착");
        String text = text(answer);
        assertThat(text).contains("어르신 40명, 망원동 공유부엌입니다.", P5_TITLE, "회신 기한: ");
        assertThat(payloadOfLink(text, P5)).startsWith(P5 + "|SOCIAL_INNOVATION|");
        assertThat(html(answer)).contains(">수락</a>").doesNotContain("<form");
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
    }

    private static String routedP5(String eventId, String code, String name, String email, String routedBy,
                                   String previousCode, String occurredAt) {
        return EventContracts.example("proposal.routed")
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", eventId)
                .replace("6741a3f2c9e77b1d2a5f0c11", P5)
                .replace("\"occurredAt\": \"2026-11-23T09:15:31Z\"", "\"occurredAt\": \"" + occurredAt + "\"")
                .replace("\"departmentCode\": \"RESOURCE_CIRCULATION\",\n    \"departmentName\": \"자원순환과\",\n    \"departmentEmail\": \""
                                + DEPARTMENT + "\"",
                        "\"departmentCode\": \"" + code + "\",\n    \"departmentName\": \"" + name
                                + "\",\n    \"departmentEmail\": \"" + email + "\"")
                .replace("\"routedBy\": \"AUTO\"", "\"routedBy\": \"" + routedBy + "\"")
                .replace("\"previousDepartmentCode\": null", "\"previousDepartmentCode\": " + previousCode)
                .replace("SN-7K2F-9QXD-4MHT", "SN-TRAN-SFER-0055")
                .replace(APPLICANT, P5_APPLICANT)
                .replace(TITLE, P5_TITLE);
    }

    private static String statusChanged(String proposalId, String status, String previous, String departmentCode,
                                        String actor, String note) {
        return statusChanged(proposalId, "SN-TRAN-SFER-0055", status, previous, departmentCode, actor, note);
    }

    private static String statusChanged(String proposalId, String trackingCode, String status, String previous,
                                        String departmentCode, String actor, String note) {
        String json = EventContracts.example("proposal.status-changed")
                .replace("2d8b5e40-ac63-4e50-9f2c-8b3a4d9e1c23", UUID.randomUUID().toString())
                .replace("6741a3f2c9e77b1d2a5f0c11", proposalId)
                .replace("SN-7K2F-9QXD-4MHT", trackingCode)
                .replace("\"status\": \"ACCEPTED\"", "\"status\": \"" + status + "\"")
                .replace("\"previousStatus\": \"ROUTED\"", "\"previousStatus\": \"" + previous + "\"")
                .replace("\"departmentCode\": \"RESOURCE_CIRCULATION\"", "\"departmentCode\": "
                        + (departmentCode == null ? "null" : "\"" + departmentCode + "\""))
                .replace("\"actor\": \"DEPARTMENT\"", "\"actor\": \"" + actor + "\"")
                .replace("\"note\": \"수거함 설치 장소를 함께 검토하겠습니다.\"",
                        "\"note\": " + (note == null ? "null" : "\"" + note + "\""));
        EventContracts.assertConforms("proposal.status-changed", json);
        return json;
    }

    /** The department link in a mail's text part. */
    private static String linkIn(String text, String proposalId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(LINK_PREFIX + proposalId)
                + "\\?token=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)").matcher(text);
        assertThat(m.find()).as("department link in the mail").isTrue();
        return m.group();
    }

    /** The verified payload of the department link in a mail (HMAC checked as proposal-service does). */
    private static String payloadOfLink(String text, String proposalId) {
        String link = linkIn(text, proposalId);
        String payload = kr.seoul.sane.notification.links.DepartmentLinksTest.verify(
                link.substring(link.indexOf("token=") + 6), LINK_SECRET);
        assertThat(payload).as("a token signed with the shared secret").isNotNull();
        return payload;
    }

    @Test
    @Order(10)
    void operatorsListDeadLettersAndReplayOneToItsTopic() throws Exception {
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        assertThat(http.get().uri("/api/ops/dead-letters").retrieve().onStatus(status -> true, (rq, rs) -> { })
                .toBodilessEntity().getStatusCode().value()).isEqualTo(401);
        // the dead-letter topics on the broker are looked up again after at most 10 s
        String[] read = new String[1];
        await(Duration.ofSeconds(20), () -> (read[0] = http.get().uri("/api/ops/dead-letters")
                .headers(h -> h.setBasicAuth("operator", "s3cret-for-tests")).retrieve().body(String.class))
                .contains("poison-1"));
        String listing = read[0];
        assertThat(listing).contains("\"topic\":\"error.proposal.submitted.notification-service\"",
                "\"service\":\"notification-service\"", "\"replayable\":true",
                "\"originalTopic\":\"proposal.submitted\"", "\"key\":\"poison-1\"", "not json");
        java.util.regex.Matcher place = java.util.regex.Pattern.compile(
                "\"topic\":\"error\\.proposal\\.submitted\\.notification-service\",\"partition\":(\\d+),\"offset\":(\\d+)")
                .matcher(listing);
        assertThat(place.find()).isTrue();
        String base = "/api/ops/dead-letters/error.proposal.submitted.notification-service/" + place.group(1) + "/";
        java.util.regex.Pattern deadLetterSeries = java.util.regex.Pattern.compile(
                "sane_dead_letters\\{[^}]*topic=\"error\\.proposal\\.submitted\\.notification-service\"[^}]*} [1-9]");
        await(Duration.ofSeconds(20), () -> deadLetterSeries.matcher(
                http.get().uri("/actuator/prometheus").retrieve().body(String.class)).find());

        var replayed = http.post().uri(base + place.group(2) + "/replay")
                .headers(h -> h.setBasicAuth("operator", "s3cret-for-tests")).retrieve().toEntity(String.class);
        assertThat(replayed.getStatusCode().value()).isEqualTo(202);
        assertThat(replayed.getBody()).contains("\"topic\":\"proposal.submitted\"");
        await(Duration.ofSeconds(20), () -> read("proposal.submitted", 1000, Duration.ofSeconds(3)).stream()
                .filter(v -> v.contains("not json")).count() == 2);

        assertThat(http.post().uri(base + "999999/replay").headers(h -> h.setBasicAuth("operator", "s3cret-for-tests"))
                .retrieve().onStatus(status -> true, (rq, rs) -> { }).toBodilessEntity().getStatusCode().value())
                .isEqualTo(404);
        assertThat(http.post().uri("/api/ops/dead-letters/proposal.submitted/0/0/replay")
                .headers(h -> h.setBasicAuth("operator", "s3cret-for-tests"))
                .retrieve().onStatus(status -> true, (rq, rs) -> { }).toBodilessEntity().getStatusCode().value())
                .isEqualTo(400);
    }

    private static final String P11 = "6741a3f2c9e77b1d2a5f0c66";
    private static final String P11_APPLICANT = "triage.applicant@example.org";
    private static final String P11_TITLE = "한강 야간 달리기 동호회 안전 순찰 협력 제안";
    private static final String P11_CODE = "SN-TRIA-GE22-0066";
    private static final String SAFETY = "safety@dept.seoul.example";

    @Test
    @Order(11)
    void operatorAssignmentFromTriageMailsOnlyWhenRoutedAndTheDepartmentGetsTheAttachmentLink() throws Exception {
        String download = "/attachments/6741a3f2c9e77b1d2a5f0c77?token=YXR0YWNobWVudA.c2lnbmF0dXJl";
        String routed = EventContracts.example("proposal.routed")
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString())
                .replace("6741a3f2c9e77b1d2a5f0c11", P11)
                .replace("\"occurredAt\": \"2026-11-23T09:15:31Z\"", "\"occurredAt\": \"" + clock.instant() + "\"")
                .replace("\"departmentCode\": \"RESOURCE_CIRCULATION\",\n    \"departmentName\": \"자원순환과\",\n    \"departmentEmail\": \""
                        + DEPARTMENT + "\"", "\"departmentCode\": \"SAFETY\",\n    \"departmentName\": \"안전총괄과\",\n"
                        + "    \"departmentEmail\": \"" + SAFETY + "\"")
                .replace("\"routedBy\": \"AUTO\"", "\"routedBy\": \"OPERATOR\"")
                .replace("\"submittedAt\": \"2026-11-23T09:15:30Z\"", "\"submittedAt\": \"2026-11-23T09:15:30Z\",\n"
                        + "      \"attachment\": {\"id\": \"6741a3f2c9e77b1d2a5f0c77\", \"filename\": \"순찰 계획서.pdf\", "
                        + "\"size\": 1258291, \"contentType\": \"application/pdf\", \"downloadPath\": \"" + download + "\"}")
                .replace("SN-7K2F-9QXD-4MHT", P11_CODE)
                .replace(APPLICANT, P11_APPLICANT)
                .replace(TITLE, P11_TITLE);
        EventContracts.assertConforms("proposal.routed", routed);
        assertThat(routed).contains("\"attachment\"", "\"routedBy\": \"OPERATOR\"", "\"previousDepartmentCode\": null");
        String assigned = statusChanged(P11, P11_CODE, "TRANSFERRED", "TRIAGE", "SAFETY", "OPERATOR",
                "야간 순찰이라 안전총괄과 소관입니다.");
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", submitted(P11, P11_CODE, P11_APPLICANT, P11_TITLE, "ko"));
            await(Duration.ofSeconds(30), () -> to(P11_APPLICANT).size() == 1);
            send(producer, "proposal.status-changed", assigned);
            send(producer, "proposal.routed", routed);
            await(Duration.ofSeconds(30), () -> to(SAFETY).size() == 1 && to(P11_APPLICANT).size() == 2);
            // the same events again: nothing more
            send(producer, "proposal.status-changed", assigned);
            send(producer, "proposal.routed", routed);
            Thread.sleep(1500);
        }
        assertThat(to(SAFETY)).hasSize(1);
        assertThat(to(P11_APPLICANT)).hasSize(2);
        assertThat(to(P11_APPLICANT)).noneMatch(m -> subject(m).contains("담당부서가 바뀌었습니다"));
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).filter(m -> subject(m).contains("이송 완료"))).isEmpty();
        assertThat(text(only(to(P11_APPLICANT), "담당부서(안전총괄과)에 전달되었습니다"))).contains(P11_CODE);

        MimeMessage mail = only(to(SAFETY), P11_TITLE);
        String text = text(mail);
        assertThat(text).contains("운영자가 검토해 배정했습니다.", "[첨부파일]", "순찰 계획서.pdf (1.2 MB)",
                "https://sane.seoul.example" + download).doesNotContain("이관된 제안입니다");
        assertThat(html(mail)).contains("href=\"https://sane.seoul.example" + download + "\"", ">순찰 계획서.pdf</a>",
                " (1.2 MB)");
        assertThat(payloadOfLink(text, P11)).startsWith(P11 + "|SAFETY|");
    }

    private static final String P12 = "6741a3f2c9e77b1d2a5f0c88";
    private static final String P12_APPLICANT = "not.a.proposal@example.org";
    private static final String P12_CODE = "SN-NOTA-PR0P-0088";

    @Test
    @Order(12)
    void operatorsVerdictNotAProposalTellsTheApplicantWhereToTurnOnce() throws Exception {
        String verdict = statusChanged(P12, P12_CODE, "NOT_A_PROPOSAL", "TRIAGE", null, "OPERATOR",
                "A personal complaint about <b>noise</b> & parking.");
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", submitted(P12, P12_CODE, P12_APPLICANT, "Noise at night in my street", "en"));
            await(Duration.ofSeconds(30), () -> to(P12_APPLICANT).size() == 1);
            send(producer, "proposal.status-changed", verdict);
            await(Duration.ofSeconds(30), () -> to(P12_APPLICANT).size() == 2);
            double before = duplicates();
            send(producer, "proposal.status-changed", verdict); // redelivered
            await(Duration.ofSeconds(20), () -> duplicates() >= before + 1);
            Thread.sleep(500);
        }
        assertThat(to(P12_APPLICANT)).hasSize(2);
        MimeMessage mail = only(to(P12_APPLICANT), "About your submission");
        assertThat(mail.getSubject()).isEqualTo("[Seoul SANE] About your submission (tracking code " + P12_CODE + ")");
        assertThat(text(mail)).contains("public-private cooperation proposals", "https://eungdapso.seoul.go.kr",
                "https://job.seoul.go.kr", "https://www.seoul.go.kr", "A personal complaint about <b>noise</b> & parking.",
                "https://sane.seoul.example/track?code=" + P12_CODE);
        assertThat(html(mail)).contains("href=\"https://eungdapso.seoul.go.kr\"", "href=\"https://job.seoul.go.kr\"",
                "A personal complaint about &lt;b&gt;noise&lt;/b&gt; &amp; parking.").doesNotContain("<b>noise");
    }

    /**
     * One trace across Kafka and the mail senders: the trace id of proposal.submitted (in its envelope, or only in
     * the record header) is in the log lines of recording and of sending the receipt (another thread, later), and
     * in notification.delivered, envelope and record header.
     */
    @Test
    @Order(13)
    @ExtendWith(OutputCaptureExtension.class)
    void theReceiptIsRecordedSentAndReportedInTheTraceOfTheSubmittedEvent(CapturedOutput output) throws Exception {
        String inEnvelope = "0af7651916cd43dd8448eb211c80319c";
        String inHeader = "5c2f1e0d9b8a76543210fedcba987654";
        String first = "6741a3f2c9e77b1d2a5f0d13";
        String second = "6741a3f2c9e77b1d2a5f0d14";
        String envelopeOnly = submitted(first, "SN-TRCE-ENV1-2345", "trace-one@example.org", "골목 화단 가꾸기", "ko")
                .replace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        "00-" + inEnvelope + "-b7ad6b7169203331-01");
        String headerOnly = submitted(second, "SN-TRCE-HDR2-2345", "trace-two@example.org", "한강 걷기 모임", "ko")
                .replace("\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"", "null");
        Map<String, String> eventIds = Map.of(first, JSON.readTree(envelopeOnly).path("eventId").asString(),
                second, JSON.readTree(headerOnly).path("eventId").asString());
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("proposal.submitted", first, envelopeOnly)).get();
            ProducerRecord<String, String> record = new ProducerRecord<>("proposal.submitted", second, headerOnly);
            record.headers().add("traceparent",
                    ("00-" + inHeader + "-00f067aa0ba902b7-01").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        await(Duration.ofSeconds(30), () -> to("trace-one@example.org").size() == 1
                && to("trace-two@example.org").size() == 1);

        Map<String, ConsumerRecord<String, String>> delivered = new java.util.HashMap<>();
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "it-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("notification.delivered"));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (delivered.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (eventIds.containsKey(r.key())) {
                        delivered.put(r.key(), r);
                    }
                }
            }
        }
        for (Map.Entry<String, String> expected : Map.of(first, inEnvelope, second, inHeader).entrySet()) {
            ConsumerRecord<String, String> event = delivered.get(expected.getKey());
            assertThat(event).as("notification.delivered of %s", expected.getKey()).isNotNull();
            EventContracts.assertConforms("notification.delivered", event.value());
            assertThat(JSON.readTree(event.value()).path("traceparent").asString())
                    .startsWith("00-" + expected.getValue() + "-");
            Header header = event.headers().lastHeader("traceparent");
            assertThat(header).as("traceparent header of %s", expected.getKey()).isNotNull();
            assertThat(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .startsWith("00-" + expected.getValue() + "-");
            String delivery = "delivery " + eventIds.get(expected.getKey()) + ":";
            List<String> lines = output.getOut().lines().filter(line -> line.contains(delivery)).toList();
            assertThat(lines).anyMatch(line -> line.contains(" recorded for proposal "))
                    .anyMatch(line -> line.contains(" sent (attempt "))
                    .allMatch(line -> line.contains("[" + expected.getValue() + "-"));
        }
    }

    private static final String P14 = "6741a3f2c9e77b1d2a5f0e14";
    private static final String P14_APPLICANT = "erasure-one@example.org";
    private static final String P15 = "6741a3f2c9e77b1d2a5f0e15";
    private static final String P15_APPLICANT = "erasure-two@example.org";

    /** proposal-service's side of the erasure code: encrypted with the platform secret, bound to the event. */
    private static final ErasureCodeCipher ERASURE_CODES = ErasureCodeCipher.of(LINK_SECRET);

    private String erasureRequested(String proposalId, String trackingCode, String email, String language,
                                    String code, java.time.Instant expiresAt) {
        return erasureRequested(proposalId, proposalId, trackingCode, email, language, code, expiresAt);
    }

    /** @param sealedFor the proposal the code is encrypted for: another than {@code proposalId} = a moved code */
    private String erasureRequested(String proposalId, String sealedFor, String trackingCode, String email,
                                    String language, String code, java.time.Instant expiresAt) {
        String eventId = UUID.randomUUID().toString();
        String json = EventContracts.example("proposal.erasure-requested")
                .replace("8c0f3a52-5b1e-4c9d-9a43-2f6d1e7b9a10", eventId)
                .replace("6741a3f2c9e77b1d2a5f0c11", proposalId)
                .replace("SN-7K2F-9QXD-4MHT", trackingCode)
                .replace(APPLICANT, email)
                .replace("\"language\": \"ko\"", "\"language\": \"" + language + "\"")
                .replaceFirst("\"encryptedCode\": \"[^\"]+\"",
                        "\"encryptedCode\": \"" + ERASURE_CODES.encrypt(code, sealedFor, eventId) + "\"")
                .replace("2026-11-24T01:17:03.456Z", expiresAt.toString());
        EventContracts.assertConforms("proposal.erasure-requested", json);
        assertThat(json).doesNotContain(code);
        return json;
    }

    /** The same event with one bit of its encrypted code flipped (still well-formed base64url). */
    private static String tampered(String erasureRequested) {
        String sealed = JSON.readTree(erasureRequested).path("payload").path("encryptedCode").asString();
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        return erasureRequested.replace(sealed, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * proposal.erasure-requested: one code mail, redelivery included; a code that expired on the way is not sent; a
     * code that was tampered with or encrypted for another proposal is a dead letter and mails nothing.
     */
    @Test
    @Order(14)
    @ExtendWith(OutputCaptureExtension.class)
    void theErasureCodeIsMailedExactlyOnceInTheApplicantsLanguage(CapturedOutput output) throws Exception {
        java.time.Instant expires = clock.instant().plus(Duration.ofMinutes(15));
        String request = erasureRequested(P14, "SN-ERAS-ONE1-2345", P14_APPLICANT, "ko", "073519", expires);
        String expired = erasureRequested(P14, "SN-ERAS-ONE1-2345", P14_APPLICANT, "ko", "999111",
                clock.instant().minus(Duration.ofMinutes(1)));
        String english = erasureRequested(P14, "SN-ERAS-ONE1-2345", "erasure-en@example.org", "en", "246810", expires);
        String tampered = tampered(erasureRequested(P14, "SN-ERAS-ONE1-2345", P14_APPLICANT, "ko", "555111",
                expires));
        String moved = erasureRequested(P14, P15, "SN-ERAS-ONE1-2345", P14_APPLICANT, "ko", "555222", expires);
        List<String> refused = List.of(JSON.readTree(tampered).path("eventId").asString(),
                JSON.readTree(moved).path("eventId").asString());
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", submitted(P14, "SN-ERAS-ONE1-2345", P14_APPLICANT, "동네 책방 협력", "ko"));
            await(Duration.ofSeconds(30), () -> to(P14_APPLICANT).size() == 1);
            send(producer, "proposal.erasure-requested", request);
            await(Duration.ofSeconds(30), () -> to(P14_APPLICANT).size() == 2);
            double before = duplicates();
            send(producer, "proposal.erasure-requested", request); // redelivered
            send(producer, "proposal.erasure-requested", expired);
            send(producer, "proposal.erasure-requested", tampered);
            send(producer, "proposal.erasure-requested", moved);
            send(producer, "proposal.erasure-requested", english);
            await(Duration.ofSeconds(20), () -> duplicates() >= before + 1 && to("erasure-en@example.org").size() == 1);
            Thread.sleep(800);
        }
        List<String> deadLetters = read("error.proposal.erasure-requested.notification-service", 2);
        for (String eventId : refused) {
            assertThat(deadLetters).as(eventId).anySatisfy(value -> assertThat(value).contains(eventId));
            assertThat(deliveries.findBySourceEvent(eventId)).isEmpty();
        }
        assertThat(output.getAll()).as("refused for its code; no code in any log line")
                .contains("encrypted erasure code unreadable: authentication failed").doesNotContainPattern("\\b(073519|246810|555111|555222)\\b");
        assertThat(to(P14_APPLICANT)).hasSize(2);
        MimeMessage mail = only(to(P14_APPLICANT), "개인정보 삭제 확인 코드");
        assertThat(mail.getSubject()).isEqualTo("[서울사네] 개인정보 삭제 확인 코드 (접수번호 SN-ERAS-ONE1-2345)");
        String expiry = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(expires.atZone(java.time.ZoneId.of("Asia/Seoul")));
        assertThat(text(mail)).contains("073519", expiry + " (KST)", "직접 요청하지 않으셨다면 이 메일을 무시해 주세요",
                "담당자 이름, 이메일, 연락처, 첨부파일", "동네 책방 협력", "개인정보 안내").doesNotContain("999111")
                .doesNotContain("555111").doesNotContain("555222");
        assertThat(html(mail)).contains(">073519</p>", "직접 요청하지 않으셨다면").doesNotContain("/track?code=");
        MimeMessage en = only(to("erasure-en@example.org"), "Confirmation code");
        assertThat(text(en)).contains("246810", "If you did not ask for this, please ignore this mail");
        assertThat(deliveries.findBySourceEvent(JSON.readTree(request).path("eventId").asString())).singleElement()
                .satisfies(d -> assertThat(d.template()).isEqualTo("applicant-erasure-code"));
        assertThat(deliveries.findBySourceEvent(JSON.readTree(expired).path("eventId").asString())).isEmpty();
    }

    /**
     * proposal.personal-data-erased: the contact becomes a tombstone, the applicant's mail waiting for SMTP is
     * cancelled and never sent, sent records lose the address, and later events of the proposal mail nobody.
     */
    @Test
    @Order(15)
    void theErasureDeletesTheContactAndCancelsTheApplicantsWaitingMails() throws Exception {
        String trackingCode = "SN-ERAS-TWO2-2345";
        String receiptEvent;
        String accepted = statusChanged(P15, trackingCode, "ACCEPTED", "ROUTED", "RESOURCE_CIRCULATION", "DEPARTMENT",
                "함께 하겠습니다.");
        String erased = EventContracts.example("proposal.personal-data-erased")
                .replace("6741a3f2c9e77b1d2a5f0c11", P15).replace("SN-7K2F-9QXD-4MHT", trackingCode)
                .replace("\"previousStatus\": \"ROUTED\"", "\"previousStatus\": \"ACCEPTED\"");
        EventContracts.assertConforms("proposal.personal-data-erased", erased);
        String submitted = submitted(P15, trackingCode, P15_APPLICANT, "골목 벽화 함께 그리기", "ko");
        receiptEvent = JSON.readTree(submitted).path("eventId").asString();
        String acceptedEvent = JSON.readTree(accepted).path("eventId").asString();
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", submitted);
            await(Duration.ofSeconds(30), () -> to(P15_APPLICANT).size() == 1);
            assertThat(contacts.find(P15)).isPresent();

            RELAY.down();
            send(producer, "proposal.status-changed", accepted);
            await(Duration.ofSeconds(30), () -> retrying(acceptedEvent));
            send(producer, "proposal.personal-data-erased", erased);
            await(Duration.ofSeconds(30), () -> contacts.erased(P15)
                    && deliveries.findBySourceEvent(acceptedEvent).stream()
                    .allMatch(d -> d.status() == DeliveryStatus.CANCELLED));
            send(producer, "proposal.personal-data-erased", erased); // redelivered: nothing changes
            RELAY.up();

            // later events of the proposal: no mail, no contact again, no dead letter
            String completed = statusChanged(P15, trackingCode, "COMPLETED", "IN_DISCUSSION", "RESOURCE_CIRCULATION",
                    "DEPARTMENT", null);
            send(producer, "proposal.status-changed", completed);
            send(producer, "proposal.submitted", submitted.replace(receiptEvent, UUID.randomUUID().toString()));
            String routedEvent = UUID.randomUUID().toString();
            send(producer, "proposal.routed", EventContracts.example("proposal.routed")
                    .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", routedEvent)
                    .replace("6741a3f2c9e77b1d2a5f0c11", P15).replace("SN-7K2F-9QXD-4MHT", trackingCode)
                    .replace(APPLICANT, P15_APPLICANT));
            send(producer, "proposal.erasure-requested", erasureRequested(P15, trackingCode, P15_APPLICANT, "ko",
                    "123456", clock.instant().plus(Duration.ofMinutes(15))));
            Thread.sleep(4000);
            assertThat(deliveries.findBySourceEvent(JSON.readTree(completed).path("eventId").asString())).isEmpty();
            // a routing that arrives after the erasure mails neither the department nor the applicant
            assertThat(deliveries.findBySourceEvent(routedEvent)).isEmpty();
        }
        assertThat(to(P15_APPLICANT)).as("only the receipt sent before the erasure").hasSize(1);
        assertThat(contacts.find(P15)).isEmpty();
        assertThat(contacts.erased(P15)).isTrue();
        assertThat(deliveries.findBySourceEvent(acceptedEvent)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.CANCELLED);
            assertThat(d.recipient()).startsWith("erased:").doesNotContain("@");
            assertThat(d.textBody()).isNull();
            assertThat(d.htmlBody()).isNull();
        });
        assertThat(deliveries.findBySourceEvent(receiptEvent)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(d.recipient()).isEqualTo("erased:" + d.id());
            assertThat(d.textBody()).isNull();
        });
    }

    private static final String REFUSED = "refused.applicant@example.org";

    /**
     * The ops page of deliveries: the mail server refuses an applicant's mailbox (550), the receipt fails for good
     * and the address is marked failing; the operator sees both, a form post without CSRF token is refused, and
     * once the mailbox exists "다시 보내기" sends the mail and the address is no longer failing.
     */
    @Test
    @Order(16)
    void operatorsSeeAFailedMailOnTheDeliveriesPageAndResendIt() throws Exception {
        String proposal = "6741a3f2c9e77b1d2a5f0d21";
        String event = submitted(proposal, "SN-REFU-SED0-0021", REFUSED, "골목 벽화 함께 그리기 협력 제안", "ko");
        String id = JSON.readTree(event).path("eventId").asString() + ":applicant-receipt:APPLICANT";
        RELAY.refuse(REFUSED);
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.submitted", event);
        }
        await(Duration.ofSeconds(30), () -> deliveries.find(id).filter(d -> d.status() == DeliveryStatus.FAILED)
                .isPresent());
        long failed = deliveries.countByStatus(DeliveryStatus.FAILED);
        assertThat(to(REFUSED)).isEmpty();

        HttpResponse<String> anonymous = new OpsPages(port, null, null).get("/ops/deliveries");
        // anonymous: the ops console's login page (served by proposal-service behind the gateway), nothing shown
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).contains("/ops/login?next=%2Fops%2Fdeliveries");
        assertThat(anonymous.body()).doesNotContain("r***@example.org");
        OpsPages ops = new OpsPages(port, "operator", "s3cret-for-tests");
        HttpResponse<String> page = ops.get("/ops/deliveries");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(page.body()).contains("<html lang=\"ko\"", "메일 발송", "href=\"/assets/site.css\"",
                        "aria-current=\"page\">실패 (" + failed + ")</a>", id, "접수 확인 (신청인)", "r***@example.org",
                        "SMTP 서버가 메일을 거부했습니다 (550)", "href=\"/ops/proposals/" + proposal + "\"",
                        "action=\"/ops/deliveries/" + id + "/resend\"", ">다시 보내기</button>",
                        // the department mail of the earlier test, and its copy to the PARTNERSHIP mailbox
                        "새 협력제안 (담당부서)", "b***@dept.seoul.example", "민관협력담당관에게 사본을 보냈습니다.",
                        "메일을 받지 못하는 주소", "영구 실패")
                .doesNotContain(REFUSED, "broken(address", "<script", "style=");
        assertThat(failingAddressesIn(page.body())).contains("r***@example.org", "b***@dept.seoul.example");

        String action = "/ops/deliveries/" + id + "/resend";
        HttpResponse<String> forged = ops.post(action, "");
        assertThat(forged.statusCode()).as("a form post without CSRF token").isEqualTo(403);
        assertThat(forged.body()).contains("이 요청은 허용되지 않습니다.");
        assertThat(deliveries.find(id).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);

        RELAY.accept(REFUSED);
        HttpResponse<String> resent = ops.submit(page.body(), action);
        assertThat(resent.statusCode()).isEqualTo(302);
        String back = resent.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith("/ops/deliveries?status=FAILED&notice=resent&id=");
        await(Duration.ofSeconds(30), () -> to(REFUSED).size() == 1);
        await(Duration.ofSeconds(10), () -> deliveries.find(id).orElseThrow().status() == DeliveryStatus.SENT);
        assertThat(only(to(REFUSED), "접수되었습니다").getSubject()).contains("SN-REFU-SED0-0021");

        HttpResponse<String> after = ops.get(back);
        assertThat(after.body()).contains("다시 보내도록 했습니다 (" + id + ")", "실패 (" + (failed - 1) + ")")
                .doesNotContain("action=\"" + action + "\"");
        assertThat(failingAddressesIn(after.body())).doesNotContain("r***@example.org")
                .contains("b***@dept.seoul.example");
        assertThat(ops.get("/ops/deliveries?status=SENT").body()).contains(id, "보냄 20");
        // the mail was accepted: resending it again is refused with a notice
        HttpResponse<String> again = ops.submit(after.body(), action);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .contains("notice=not-failed"));

        assertThat(ops.get("/ops/dead-letters", "en-US,en;q=0.9,ko;q=0.5").body()).contains("<html lang=\"en\"",
                "Dead letters", ">Replay</button>");
        assertThat(ops.get("/ops/dead-letters", "ko,en;q=0.5").body()).contains("<html lang=\"ko\"", "처리 못 한 이벤트");
        assertThat(ops.get("/ops/deliveries?lang=en").body()).contains("<html lang=\"en\"", "Mail deliveries",
                "Failed (" + (failed - 1) + ")", "Addresses that do not accept mail");
        HttpResponse<String> badStatus = ops.get("/ops/deliveries?status=LOST");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("발송 상태는 FAILED, RETRY, PENDING, SENDING, SENT 중 하나여야 합니다.");
        assertThat(ops.get("/ops/deliveries?page=-1").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = ops.submit(page.body(), "/ops/deliveries/no-such-delivery/resend");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("해당 발송 기록이 없습니다.");
        HttpResponse<String> nowhere = ops.get("/ops/deliveries/nowhere/else");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("요청하신 페이지가 없습니다.");
    }

    /** The section of the deliveries page that lists the addresses marked failing. */
    private static String failingAddressesIn(String page) {
        return page.substring(page.indexOf("id=\"failing\""));
    }

    /**
     * The ops page of dead letters: a poison event whose error message and content carry HTML is listed escaped
     * and replayed from the page to its original topic; bad places get a Korean 400 / 404 page.
     */
    @Test
    @Order(17)
    void operatorsSeeADeadLetterEscapedAndReplayItFromThePage() throws Exception {
        String marker = "<script>alert('dlq')</script>";
        String poison = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + marker
                + "\",\"schemaVersion\":1,\"proposalId\":\"poison-2\",\"payload\":{\"note\":\"" + "긴 내용 ".repeat(40) + "\"}}";
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("proposal.submitted", "poison-2", poison)).get();
        }
        await(Duration.ofSeconds(30), () -> read("error.proposal.submitted.notification-service", 1000,
                Duration.ofSeconds(2)).stream().anyMatch(v -> v.contains("poison-2")));

        assertThat(new OpsPages(port, null, null).get("/ops/dead-letters").statusCode()).isEqualTo(302);
        OpsPages ops = new OpsPages(port, "operator", "s3cret-for-tests");
        HttpResponse<String> page = ops.get("/ops/dead-letters");
        assertThat(page.statusCode()).isEqualTo(200);
        String escaped = "&lt;script&gt;alert(&#39;dlq&#39;)&lt;/script&gt;";
        assertThat(page.body()).contains("처리 못 한 이벤트", "error.proposal.submitted.notification-service",
                        "error.proposal.routed.notification-service", "error.catalog.suggested.notification-service",
                        "poison-2",
                        "expected proposal.submitted but got " + escaped, "<details>",
                        "org.springframework.kafka.listener.ListenerExecutionFailedException",
                        "원인: kr.seoul.sane.events.UnreadableEventException", "내용 모두 보기",
                        "다시 처리(replay)")
                .doesNotContain("<script", "style=");
        java.util.regex.Matcher form = java.util.regex.Pattern.compile(
                "(?s)>poison-2<.*?action=\"(/ops/dead-letters/error\\.proposal\\.submitted\\.notification-service/\\d+/\\d+/replay)\"")
                .matcher(page.body());
        assertThat(form.find()).as("the replay form of the poison event").isTrue();
        String action = form.group(1);

        assertThat(ops.post(action, "").statusCode()).as("a form post without CSRF token").isEqualTo(403);
        HttpResponse<String> replayed = ops.submit(page.body(), action);
        assertThat(replayed.statusCode()).isEqualTo(302);
        String back = replayed.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith("/ops/dead-letters?replayed=error.proposal.submitted.notification-service/")
                .contains("&to=proposal.submitted/0/");
        await(Duration.ofSeconds(20), () -> read("proposal.submitted", 1000, Duration.ofSeconds(3)).stream()
                .filter(v -> v.contains("\"proposalId\":\"poison-2\"")).count() == 2);
        assertThat(ops.get(back).body()).contains("의 이벤트를 원래 토픽으로 다시 보냈습니다: proposal.submitted/0/");

        HttpResponse<String> notDeadLetter = ops.submit(page.body(), "/ops/dead-letters/proposal.submitted/0/0/replay");
        assertThat(notDeadLetter.statusCode()).isEqualTo(400);
        assertThat(notDeadLetter.body()).contains("보관 토픽만 다시 처리할 수 있습니다.");
        HttpResponse<String> notANumber = ops.submit(page.body(),
                "/ops/dead-letters/error.proposal.submitted.notification-service/x/0/replay");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("파티션과 오프셋은 0 이상의 정수여야 합니다.");
        HttpResponse<String> nothingThere = ops.submit(page.body(),
                "/ops/dead-letters/error.proposal.submitted.notification-service/0/999999/replay");
        assertThat(nothingThere.statusCode()).isEqualTo(404);
        assertThat(nothingThere.body()).contains("보관된 이벤트가 없습니다.");
    }

    /** Both ops pages in a real Chromium with proposal-service's stylesheet: no serious axe-core violation. */
    @Test
    @Order(18)
    @org.junit.jupiter.api.extension.ExtendWith(Chromium.Required.class)
    void opsPagesHaveNoSeriousAccessibilityViolationsInChromium() throws Exception {
        try (Chromium chromium = Chromium.start(Path.of("target", "browser-screenshots"))) {
            // signed in as after the ops login (served by proposal-service): the signed SANE_OPS cookie
            chromium.open(url("/actuator/health"));
            chromium.cookie("SANE_OPS", new OpsTokens("ops-secret-for-tests", Duration.ofHours(8), clock)
                    .mint("operator", List.of("OPERATOR")));
            chromium.open(url("/ops/deliveries"));
            assertThat(chromium.bodyText()).contains("메일 발송", "다시 보내기", "메일을 받지 못하는 주소");
            assertThat(chromium.js("return getComputedStyle(document.querySelector('header')).backgroundColor"))
                    .as("the stylesheet /assets/site.css is applied").isNotEqualTo("rgba(0, 0, 0, 0)");
            chromium.check("ops-deliveries");

            chromium.open(url("/ops/dead-letters"));
            assertThat(chromium.bodyText()).contains("처리 못 한 이벤트", "다시 처리(replay)");
            chromium.check("ops-dead-letters");
            chromium.open(url("/ops/dead-letters?service=notification-service&topic=proposal.submitted"));
            assertThat(chromium.bodyText()).contains("거르기", "서비스", "notification-service", "거르기 없이 보기");
            chromium.assertNoSeriousViolations("/ops/dead-letters?service=notification-service&topic=proposal.submitted");

            chromium.open(url("/ops/deliveries?status=SENT&lang=en"));
            assertThat(chromium.bodyText()).contains("Mail deliveries", "Sent (");
            chromium.assertNoSeriousViolations("/ops/deliveries?status=SENT&lang=en");
        }
    }

    /** An address of this service as the browser sees it (the cookie's site). */
    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * What a restarted instance finds after the old one died mid-backlog: a delivery it was sending (SENDING, lease
     * run out) and one it had recorded but not tried (PENDING). The poll sends each exactly once.
     */
    @Test
    @Order(19)
    void deliveriesLeftByADeadInstanceAreSentOnceByThePoll() throws Exception {
        java.time.Instant now = clock.instant();
        String crashed = "restart.sending@example.org";
        String recorded = "restart.pending@example.org";
        deliveries.insert(leftBehind(crashed, DeliveryStatus.SENDING, 1, null, now.minusSeconds(5)));
        deliveries.insert(leftBehind(recorded, DeliveryStatus.PENDING, 0, now.minusSeconds(5), null));
        await(Duration.ofSeconds(30), () -> to(crashed).size() == 1 && to(recorded).size() == 1);
        Thread.sleep(1500);
        assertThat(to(crashed)).hasSize(1);
        assertThat(to(recorded)).hasSize(1);
        assertThat(deliveries.find("restart:" + crashed).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(deliveries.find("restart:" + recorded).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    /**
     * A status change that arrives before the applicant's address is retried on its own consumer (1, 2, 4, 8 s)
     * while the other topics go on: another proposal's receipt is sent meanwhile, and once the late
     * proposal.submitted is there the decision mail goes out exactly once, nothing dead-lettered.
     */
    @Test
    @Order(20)
    void aStatusChangeBeforeTheAddressIsRetriedWithoutHoldingUpOtherEvents() throws Exception {
        String late = "6741a3f2c9e77b1d2a5f0d41";
        String lateApplicant = "late.address@example.org";
        String other = "other.receipt@example.org";
        try (Producer<String, String> producer = producer()) {
            send(producer, "proposal.status-changed", statusChanged(late, "SN-LATE-ADDR-0041", "ACCEPTED", "ROUTED",
                    "RESOURCE_CIRCULATION", "DEPARTMENT", "주소보다 먼저 온 결정"));
            send(producer, "proposal.submitted", submitted("6741a3f2c9e77b1d2a5f0d42", "SN-OTHR-RCPT-0042", other,
                    "다른 제안", "ko"));
            // the other proposal's receipt does not wait for the status change's retries
            await(Duration.ofSeconds(30), () -> to(other).size() == 1);
            assertThat(to(lateApplicant)).isEmpty();
            send(producer, "proposal.submitted", submitted(late, "SN-LATE-ADDR-0041", lateApplicant, "늦게 온 주소", "ko"));
        }
        await(Duration.ofSeconds(40), () -> to(lateApplicant).stream().anyMatch(m -> subject(m).contains("채택되었습니다")));
        Thread.sleep(1500);
        assertThat(to(lateApplicant).stream().filter(m -> subject(m).contains("채택되었습니다"))).hasSize(1);
        assertThat(read("error.proposal.status-changed.notification-service", 1000, Duration.ofSeconds(2)))
                .noneMatch(v -> v.contains(late));
    }

    private Delivery leftBehind(String address, DeliveryStatus status, int attempts, java.time.Instant nextAttemptAt,
                                java.time.Instant leaseUntil) {
        return new Delivery("restart:" + address, UUID.randomUUID().toString(), "proposal.submitted", null,
                "6741a3f2c9e77b1d2a5f0d31", null, "applicant-receipt", kr.seoul.sane.notification.mail.RecipientRole.APPLICANT,
                null, address, List.of(), "[서울사네] 재시작 뒤 남은 메일",
                kr.seoul.sane.notification.delivery.MailBody.of("본문"),
                kr.seoul.sane.notification.delivery.MailBody.of("<html><body><p>본문</p></body></html>"),
                status, attempts, clock.instant().minusSeconds(60), nextAttemptAt, leaseUntil, null, null, false, null);
    }

    private static String submitted(String proposalId, String trackingCode, String email, String title, String language) {
        String json = EventContracts.example("proposal.submitted")
                .replace("0b6f3c2e-8a41-4c3e-9d0a-6f1e2b7c9a01", UUID.randomUUID().toString())
                .replace("6741a3f2c9e77b1d2a5f0c11", proposalId)
                .replace("SN-7K2F-9QXD-4MHT", trackingCode)
                .replace(APPLICANT, email)
                .replace(TITLE, title)
                .replace("\"language\": \"ko\"", "\"language\": \"" + language + "\"");
        EventContracts.assertConforms("proposal.submitted", json);
        return json;
    }

    /**
     * One page and one API for the dead letters of every service: proposal-service's unreadable
     * {@code notification.delivered} is listed with its reason, filtered by service, and replayed to
     * {@code notification.delivered}; a dead-letter topic whose source the platform does not consume is listed but
     * refused (whatever its headers say), and nothing is sent.
     */
    @Test
    @Order(21)
    void deadLettersOfEveryServiceAreListedAndReplayedOnlyToATopicThePlatformConsumes() throws Exception {
        String marker = "<b>dl-" + UUID.randomUUID() + "</b>";
        String readable = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"note\":\"" + marker + "\"}";
        String forged = "{\"forged\":\"" + UUID.randomUUID() + "\"}";
        try (Producer<String, String> producer = producer()) {
            // as proposal-service writes a record it cannot read
            ProducerRecord<String, String> unreadable = new ProducerRecord<>(
                    "error.notification.delivered.proposal-service", "dl-proposal", readable);
            unreadable.headers().add("x-original-topic", "notification.delivered".getBytes(StandardCharsets.UTF_8));
            unreadable.headers().add("x-exception-message", "not an envelope: <i>type</i> missing"
                    .getBytes(StandardCharsets.UTF_8));
            producer.send(unreadable).get();
            // a topic no service consumes, with a header that names one
            ProducerRecord<String, String> outside = new ProducerRecord<>("error.proposal.unknown.catalog-service",
                    "dl-outside", forged);
            outside.headers().add("kafka_dlt-original-topic", "proposal.submitted".getBytes(StandardCharsets.UTF_8));
            outside.headers().add("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException"
                    .getBytes(StandardCharsets.UTF_8));
            producer.send(outside).get();
        }
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBasicAuth("operator", "s3cret-for-tests")).build();
        String[] listing = new String[1];
        await(Duration.ofSeconds(30), () -> (listing[0] = http.get().uri("/api/ops/dead-letters?service=proposal-service")
                .retrieve().body(String.class)).contains("dl-proposal"));
        assertThat(listing[0]).contains("\"topic\":\"error.notification.delivered.proposal-service\"",
                        "\"service\":\"proposal-service\"", "\"originalTopic\":\"notification.delivered\"",
                        "\"replayable\":true", "not an envelope")
                .doesNotContain("notification-service", "dl-outside");
        // the second topic was created by its first record: the listing may learn of it a moment later
        String[] unknownTopic = new String[1];
        await(Duration.ofSeconds(30), () -> (unknownTopic[0] = http.get().uri("/api/ops/dead-letters?topic=proposal.unknown")
                .retrieve().body(String.class)).contains("dl-outside"));
        assertThat(unknownTopic[0])
                .contains("\"service\":\"catalog-service\"", "\"originalTopic\":\"proposal.unknown\"",
                        "\"replayable\":false", "java.lang.IllegalStateException")
                .doesNotContain("dl-proposal");
        assertThat(http.get().uri("/api/ops/dead-letters?service=<x>").retrieve()
                .onStatus(status -> true, (rq, rs) -> { }).toBodilessEntity().getStatusCode().value()).isEqualTo(400);

        var replayed = http.post().uri("/api/ops/dead-letters/error.notification.delivered.proposal-service/0/0/replay")
                .retrieve().toEntity(String.class);
        assertThat(replayed.getStatusCode().value()).isEqualTo(202);
        assertThat(replayed.getBody()).contains("\"topic\":\"notification.delivered\"");
        await(Duration.ofSeconds(20), () -> read("notification.delivered", 1000, Duration.ofSeconds(3)).stream()
                .anyMatch(v -> v.contains(marker)));

        var refused = http.post().uri("/api/ops/dead-letters/error.proposal.unknown.catalog-service/0/0/replay")
                .retrieve().onStatus(status -> true, (rq, rs) -> { }).toEntity(String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody()).contains("플랫폼 서비스가 구독하는 토픽이 아니어서 다시 보낼 수 없습니다");

        // the page: filtered by service, the reason and the payload escaped, a replay form only where allowed
        OpsPages ops = new OpsPages(port, "operator", "s3cret-for-tests");
        HttpResponse<String> page = ops.get("/ops/dead-letters?service=proposal-service");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("error.notification.delivered.proposal-service", "dl-proposal",
                        "not an envelope: &lt;i&gt;type&lt;/i&gt; missing", "&lt;b&gt;dl-",
                        "<option value=\"proposal-service\" selected=\"selected\">proposal-service</option>",
                        "<option value=\"catalog-service\">catalog-service</option>")
                .doesNotContain("<b>dl-", "<i>type", "dl-outside", "poison-2");
        String action = "/ops/dead-letters/error.notification.delivered.proposal-service/0/0/replay";
        assertThat(page.body()).contains("action=\"" + action + "\"");
        HttpResponse<String> fromPage = ops.submit(page.body(), action);
        assertThat(fromPage.statusCode()).isEqualTo(302);
        assertThat(fromPage.headers().firstValue("Location").orElseThrow())
                .contains("replayed=error.notification.delivered.proposal-service/0/0", "&to=notification.delivered/0/");
        await(Duration.ofSeconds(20), () -> read("notification.delivered", 1000, Duration.ofSeconds(3)).stream()
                .filter(v -> v.contains(marker)).count() == 2);

        HttpResponse<String> outsidePage = ops.get("/ops/dead-letters?topic=proposal.unknown");
        assertThat(outsidePage.body()).contains("dl-outside", "다시 처리할 수 없습니다")
                .doesNotContain("action=\"/ops/dead-letters/error.proposal.unknown");
        HttpResponse<String> refusedOnPage = ops.submit(outsidePage.body(),
                "/ops/dead-letters/error.proposal.unknown.catalog-service/0/0/replay");
        assertThat(refusedOnPage.statusCode()).isEqualTo(400);
        assertThat(refusedOnPage.body()).contains("플랫폼 서비스가 구독하는 토픽이 아니어서 다시 처리할 수 없습니다");
        assertThat(read("proposal.unknown", 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(read("proposal.submitted", 1000, Duration.ofSeconds(3))).noneMatch(v -> v.contains(forged));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean waiting(String sourceEventId) {
        List<Delivery> found = deliveries.findBySourceEvent(sourceEventId);
        return found.size() == 1 && found.getFirst().status() != DeliveryStatus.SENT;
    }

    private boolean retrying(String sourceEventId) {
        return deliveries.findBySourceEvent(sourceEventId).stream()
                .anyMatch(d -> d.status() == DeliveryStatus.RETRY && d.lastError() != null);
    }

    private double duplicates() {
        var counter = meters.find("sane.mail.duplicates").counter();
        return counter == null ? 0 : counter.count();
    }

    private Producer<String, String> producer() {
        return KafkaTestClients.producer(broker);
    }

    private static void send(Producer<String, String> producer, String topic, String json) throws Exception {
        String key = json.replaceAll("(?s).*\"proposalId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        producer.send(new ProducerRecord<>(topic, key, json)).get();
    }

    private List<String> read(String topic, int atLeast) {
        return read(topic, atLeast, Duration.ofSeconds(15));
    }

    /** Every record of the topic so far (read for 3 s). */
    private List<String> everyRecord(String topic) {
        return read(topic, Integer.MAX_VALUE, Duration.ofSeconds(3));
    }

    private List<String> read(String topic, int atLeast, Duration budget) {
        return KafkaTestClients.read(broker, topic, atLeast, budget);
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                Address[] recipients = m.getRecipients(Message.RecipientType.TO);
                return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().contains(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static MimeMessage only(List<MimeMessage> messages, String subjectPart) {
        List<MimeMessage> matching = messages.stream().filter(m -> {
            try {
                return m.getSubject().contains(subjectPart);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(matching).as("mails whose subject contains " + subjectPart).hasSize(1);
        return matching.getFirst();
    }

    private static String text(Part part) throws Exception {
        return MailParts.text(part);
    }

    private static String html(Part part) throws Exception {
        return MailParts.html(part);
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static GreenMail startGreenMail() {
        GreenMail mail = new GreenMail(SMTP);
        mail.start();
        return mail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- API documentation

    /**
     * Every JSON endpoint is an operation of the OpenAPI document with the security the service applies; the
     * document, public although the ops API is not, is written to {@code target/openapi/notification.json} for the
     * CI's linter.
     */
    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurityAndTheDocumentIsPublic() throws Exception {
        String document = ApiDocuments.fetchAndWrite(port, "notification");

        assertThat(ApiDocuments.endpoints(mappings, "kr.seoul.sane.notification."))
                .contains("get /api/ops/deliveries", "post /api/ops/dead-letters/{topic}/{partition}/{offset}/replay");
        assertThat(ApiDocuments.problems(mappings, "kr.seoul.sane.notification.", document)).isEmpty();

        tools.jackson.databind.JsonNode paths = JSON.readTree(document).path("paths");
        tools.jackson.databind.JsonNode size = paths.path("/api/ops/deliveries").path("get").path("parameters").valueStream()
                .filter(p -> p.path("name").asString().equals("size")).findFirst().orElseThrow();
        assertThat(size.path("schema").path("maximum").asInt()).isEqualTo(500);
        assertThat(paths.path("/api/ops/dead-letters/{topic}/{partition}/{offset}/replay").path("post")
                .path("parameters").get(0).path("schema").path("pattern").asString()).startsWith("^error\\.");
        // the document opens nothing else
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ops/deliveries")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(401, 403);
    }
}
