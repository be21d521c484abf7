package kr.seoul.sane.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.notification.links.DepartmentLinksTest;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A routed proposal's supporting department (협조부서) gets a mail of its own at the directory's address, with a
 * signed link to its opinion page, exactly once per proposal and department: redelivered and later routing events
 * that name it again send nothing more. Real Kafka (embedded), MongoDB wire server and GreenMail on free ports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PLATFORM_OPERATOR_USER=operator",
        "PLATFORM_OPERATOR_PASSWORD=s3cret-for-tests",
        "PLATFORM_OPS_SECRET=ops-secret-for-tests",
        "sane.notification.dispatch.poll-interval=300ms",
        "sane.notification.dispatch.pending-grace=1s",
        "PLATFORM_PUBLIC_URL=https://sane.seoul.example",
        "PLATFORM_LINK_SECRET=" + SupportingDepartmentMailTest.LINK_SECRET})
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed",
        "catalog.suggested", "notification.delivered", "notification.failed", "proposal.erasure-requested",
        "proposal.personal-data-erased"})
class SupportingDepartmentMailTest {

    static final String LINK_SECRET = "test-secret-0123456789-abcdefghijklmnop";
    private static final String PROPOSAL = "6741a3f2c9e77b1d2a5f0c11";
    private static final String LEAD = "resource-circulation@dept.seoul.example";
    private static final String CLIMATE = "climate@dept.seoul.example";
    private static final String TITLE = "폐플라스틱 병뚜껑 새활용 시민 캠페인";
    private static final Pattern OPINION_LINK = Pattern.compile(
            "https://sane\\.seoul\\.example/department/proposals/" + PROPOSAL + "/opinion\\?token=([A-Za-z0-9_.-]+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final GreenMail GREEN_MAIL = startGreenMail();

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> GREEN_MAIL.getSmtp().getPort());
        registry.add("spring.cloud.stream.kafka.binder.brokers", () -> "${spring.embedded.kafka.brokers}");
    }

    @Test
    void theSupportingDepartmentGetsItsOwnMailOnceWithItsOpinionLink() throws Exception {
        try (Producer<String, String> producer = KafkaTestClients.producer(broker)) {
            send(producer, "proposal.submitted", EventContracts.example("proposal.submitted"));
            send(producer, "proposal.routed", routed("r-1", "AUTO"));
            // applicant receipt and "routed", the lead department's mail, the supporting department's mail
            await(() -> GREEN_MAIL.getReceivedMessages().length >= 4);

            MimeMessage lead = only(LEAD);
            assertThat(lead.getRecipients(Message.RecipientType.CC)).as("no Cc any more").isNull();
            assertThat(MailParts.text(lead)).contains("기후환경정책과 (" + CLIMATE + ")", "의견 요청 메일을 따로 받음");

            MimeMessage supporting = only(CLIMATE);
            assertThat(supporting.getSubject()).isEqualTo("[서울사네 협력제안·협조 의견 요청] " + TITLE);
            String text = MailParts.text(supporting);
            assertThat(text).contains("협조부서 의견을 요청합니다", "담당부서는 자원순환과입니다",
                    "처리 결정은 담당부서가 하며", "푸른지구 협동조합", "수거함 설치 장소와 홍보를 도와주시기 바랍니다.")
                    .as("no contact details of the applicant").doesNotContain("김서연", "seoyeon.kim@example.org",
                            "02-1234-5678")
                    .as("no link that acts on the proposal").doesNotContain(PROPOSAL + "?token=", "department=");
            Matcher link = OPINION_LINK.matcher(text);
            assertThat(link.find()).as("the opinion link in " + text).isTrue();
            assertThat(DepartmentLinksTest.verify(link.group(1), LINK_SECRET))
                    .startsWith("@supporting-opinion|" + PROPOSAL + "|CLIMATE|");
            assertThat(MailParts.html(supporting)).contains(">협조 의견 남기기</a>", "lang=\"ko\"");

            // the same event again, and a later routing that names the same supporting department
            send(producer, "proposal.routed", routed("r-1", "AUTO"));
            send(producer, "proposal.routed", routed("r-2", "OPERATOR"));
            await(() -> received(LEAD) >= 2);
            Thread.sleep(1500);
            assertThat(received(CLIMATE)).as("once per proposal and department").isEqualTo(1);
        }
        List<String> delivered = KafkaTestClients.read(broker, "notification.delivered", 5, Duration.ofSeconds(20));
        assertThat(delivered).anySatisfy(event -> {
            EventContracts.assertConforms("notification.delivered", event);
            assertThat(event).contains("\"template\":\"department-supporting-request\"",
                    "\"departmentCode\":\"CLIMATE\"", "\"recipientRole\":\"DEPARTMENT\"",
                    "\"deliveryId\":\"" + PROPOSAL + ":department-supporting-request:CLIMATE\"");
        });
    }

    /** The contract's example, with a supporting department whose event address the directory overrides. */
    private static String routed(String eventId, String routedBy) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.routed"));
        event.put("eventId", UUID.nameUUIDFromBytes(eventId.getBytes()).toString());
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("routedBy", routedBy);
        payload.putArray("supportingDepartments").addObject().put("code", "CLIMATE").put("name", "기후환경정책과")
                .put("email", "climate@elsewhere.example");
        String json = JSON.writeValueAsString(event);
        EventContracts.assertConforms("proposal.routed", json);
        return json;
    }

    private static MimeMessage only(String recipient) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : GREEN_MAIL.getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(recipient))) {
                found.add(message);
            }
        }
        assertThat(found).as("mails to " + recipient).hasSize(1);
        return found.getFirst();
    }

    private static int received(String recipient) {
        return GREEN_MAIL.getReceivedMessagesForDomain(recipient).length;
    }

    private static void send(Producer<String, String> producer, String topic, String json) throws Exception {
        producer.send(new ProducerRecord<>(topic, PROPOSAL, json)).get();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static GreenMail startGreenMail() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }
}
