package kr.seoul.sane.opssecurity;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.events.EnvelopeReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two services (and a third started later) that only share the broker and the session secret: an account created,
 * then disabled, by {@code ops.account-changed} records (the contract's example) works, then stops working, in every
 * one of them, for HTTP Basic and for a session cookie issued before the disabling; a late starter replays the topic
 * and refuses the disabled account from its first request; an older record never undoes a newer one.
 */
class AccountFeedTest {

    static final String TOPIC = "ops.account-changed";
    static final EnvelopeReader READER = new EnvelopeReader();
    static final String SECRET = "shared-ops-secret-of-every-service";
    static final String PASSWORD = "한강-새활용-2026!";
    static final String HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Service {
        @RestController
        static class Ping {
            @GetMapping({"/api/ops/ping", "/ops/ping"})
            String ping() {
                return "pong";
            }
        }
    }

    static EmbeddedKafkaKraftBroker broker;
    static final List<ConfigurableApplicationContext> SERVICES = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void brokerWithoutTheTopic() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stop() {
        SERVICES.forEach(ConfigurableApplicationContext::close);
        broker.destroy();
    }

    /** Waits (without spending login attempts, which are throttled) until service {@code i} holds {@code version}. */
    static void follows(int i, long version) {
        ManagedAccounts accounts = SERVICES.get(i).getBean(ManagedAccounts.class);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                accounts.find("kim.minji").map(ManagedAccount::version).orElse(0L) == version);
    }

    static int start(String name) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Service.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of("server.port", "0", "spring.application.name", name,
                        "platform.operator.user", "ops", "platform.operator.password", "ops-secret",
                        "platform.ops.session-secret", SECRET,
                        "platform.ops.accounts-brokers", broker.getBrokersAsString(),
                        "spring.autoconfigure.exclude",
                        "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration,"
                                + "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"))
                .run();
        SERVICES.add(context);
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static void publish(boolean enabled, long version, Instant sessionsValidFrom) {
        String event = EventContracts.example(TOPIC)
                .replace("{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z2a1p5d8Ds9v9JkqgnlM9hUe", HASH)
                .replace("\"enabled\": false", "\"enabled\": " + enabled)
                .replace("\"version\": 2", "\"version\": " + version)
                .replace("\"sessionsValidFrom\": \"2026-11-23T09:15:42.118Z\"", "\"sessionsValidFrom\": "
                        + (sessionsValidFrom == null ? "null" : "\"" + sessionsValidFrom + "\""));
        EventContracts.assertConforms(TOPIC, event);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(TOPIC, "kim.minji", event));
            producer.flush();
        }
    }

    int basic(int port) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("kim.minji:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ops/ping"))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    int cookie(int port, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/ping"))
                .header("Cookie", OpsCookie.NAME + "=" + token).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void everyServiceFollowsTheAccountAndALateStarterReplaysIt() throws Exception {
        int first = start("first-service");
        broker.addTopics(TOPIC);
        publish(true, 1, null);
        int second = start("second-service");
        // a session issued before the disabling below, as the login page of another service would issue it
        String session = new OpsTokens(SECRET, Duration.ofHours(8),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-10))).mint("kim.minji", List.of("OPERATOR"));
        List<Integer> ports = List.of(first, second);
        for (int i = 0; i < 2; i++) {
            follows(i, 1);
            assertThat(basic(ports.get(i))).isEqualTo(200);
            assertThat(cookie(ports.get(i), session)).isEqualTo(200);
        }

        publish(false, 2, Instant.now());
        for (int i = 0; i < 2; i++) {
            int port = ports.get(i);
            await().atMost(Duration.ofSeconds(10)).until(() -> cookie(port, session) == 302);
            follows(i, 2);
            assertThat(basic(port)).isEqualTo(401);
        }

        // an old record (redelivered, replayed) does not enable the account again
        publish(true, 1, null);
        int third = start("third-service");
        follows(2, 2);
        for (int port : List.of(first, second, third)) {
            assertThat(cookie(port, session)).isEqualTo(302);
            assertThat(basic(port)).isEqualTo(401);
        }
    }

    @Test
    void theContractExampleIsReadAndAnythingElseIsIgnored() {
        ManagedAccount example = AccountFeed.read(READER, EventContracts.example(TOPIC)).orElseThrow();
        assertThat(example.username()).isEqualTo("kim.minji");
        assertThat(example.enabled()).isFalse();
        assertThat(example.version()).isEqualTo(2);
        assertThat(example.roles()).containsExactly("OPERATOR");
        assertThat(AccountFeed.read(READER, "{not json")).isEmpty();
        assertThat(AccountFeed.read(READER, EventContracts.example("catalog.case-withdrawn"))).isEmpty();
        assertThat(AccountFeed.read(READER, EventContracts.example(TOPIC).replace("{bcrypt}", "{noop}"))).isEmpty();
        assertThat(AccountFeed.read(READER, EventContracts.example(TOPIC).replace("\"OPERATOR\"", "\"ROOT\""))).isEmpty();
    }
}
