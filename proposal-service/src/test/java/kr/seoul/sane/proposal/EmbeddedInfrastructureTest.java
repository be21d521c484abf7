package kr.seoul.sane.proposal;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import org.springframework.context.annotation.Import;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.proposal.model.Proposal;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URLEncoder;
import java.net.CookieManager;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on a random port against a real (embedded) Kafka broker and an in-memory MongoDB wire server
 * (mongo-java-server, a fresh one for each Spring context), with the operator account {@value #OPERATOR} /
 * {@value #OPERATOR_PASSWORD} and a fast outbox sweep. Subclasses add their own settings with
 * {@code @TestPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.operator.user=" + EmbeddedInfrastructureTest.OPERATOR,
        "platform.operator.password=" + EmbeddedInfrastructureTest.OPERATOR_PASSWORD,
        "platform.outbox.sweep-interval-ms=300",
        "platform.outbox.sweep-min-age-ms=500",
        "platform.outbox.sweep-idle-ms=300"})
// the context closes at the end of the class, while the in-memory MongoDB still answers
@DirtiesContext
@Import(PinnedClock.class)
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.triaged",
        "catalog.suggested", "proposal.status-changed", "proposal.erasure-requested", "proposal.personal-data-erased",
        "notification.delivered", "notification.failed", "error.notification.delivered.proposal-service",
        "error.notification.failed.proposal-service", "error.proposal.routed.proposal-service",
        "error.proposal.triaged.proposal-service", "error.catalog.suggested.proposal-service",
        "department.directory-changed"})
abstract class EmbeddedInfrastructureTest {

    static final String OPERATOR = "ops";
    static final String OPERATOR_PASSWORD = "ops-secret";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** Called once per Spring context: each context gets its own empty store. */
    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort());
        registry.add("spring.cloud.stream.kafka.binder.brokers",
                () -> System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS));
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    /** The service's clock: it starts just after the contract examples' dates; tests move it explicitly. */
    @Autowired
    MutableClock clock;

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Proposal stored(String id) {
        return mongo.findById(id, Proposal.class);
    }

    /** A proposal stored as it is after the intake and routing (no event pending), with the given status. */
    Proposal insertProposal(String title, String department, kr.seoul.sane.proposal.model.ProposalStatus status,
                            java.time.Instant submittedAt) {
        Proposal p = new Proposal();
        p.setId(new org.bson.types.ObjectId().toHexString());
        p.setTrackingCode("SN-" + p.getId().substring(16).toUpperCase());
        p.setTitle(title);
        p.setContent("내용");
        p.setOrganization("푸른지구 협동조합");
        p.setOrganizationType(kr.seoul.sane.proposal.model.OrganizationType.NONPROFIT);
        p.setContactName("김서연");
        p.setStatus(status);
        p.setDepartmentCode(department);
        p.setSubmittedAt(submittedAt);
        return mongo.insert(p);
    }

    /** One record on {@code topic}, as another service would publish it. */
    void send(String topic, String key, String json) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, json));
            producer.flush();
        }
    }

    /** The hidden CSRF token of the (first) form of a page. */
    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("form carries a CSRF token").isTrue();
        return m.group(1);
    }

    /** A browser with its own cookies (after {@link #login()}: the SANE_OPS login cookie and the CSRF cookie). */
    final class Browser {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        Browser login() throws Exception {
            HttpResponse<String> ok = post("/ops/login", Map.of("_csrf", csrf(get("/ops/login").body()),
                    "username", OPERATOR, "password", OPERATOR_PASSWORD));
            assertThat(ok.statusCode()).isEqualTo(302);
            return this;
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return client.send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
