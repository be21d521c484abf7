package kr.seoul.sane.events;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.mock.MockProducerFactory;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetteringTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final KafkaTemplate<String, byte[]> template =
            new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeadLettering.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void namesTheTopicAsTheBinderDoes() {
        assertThat(DeadLettering.topic("proposal.routed", "notification-service"))
                .isEqualTo("error.proposal.routed.notification-service");
    }

    @Test
    void publishesTheRecordToItsGroupsDeadLetterTopicAndSaysSoOnceWithoutTheValue() {
        byte[] value = "{\"applicant\":\"홍길동\"}".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("proposal.submitted", 3, 42L, "p-1", value);

        DeadLettering.recoverer(template, "catalog-service").accept(record, null,
                new ListenerExecutionFailedException("listener failed",
                        new UnreadableEventException("proposal.submitted e-1: not an envelope")));

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<String, byte[]> sent = producer.history().getFirst();
        assertThat(sent.topic()).isEqualTo("error.proposal.submitted.catalog-service");
        assertThat(sent.key()).isEqualTo("p-1");
        assertThat(sent.value()).isEqualTo(value);
        assertThat(new String(sent.headers().lastHeader("kafka_dlt-original-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo("proposal.submitted");
        assertThat(logged.list).hasSize(1);
        String line = logged.list.getFirst().getFormattedMessage();
        assertThat(line).contains("proposal.submitted-3@42", "p-1", "error.proposal.submitted.catalog-service",
                "UnreadableEventException: proposal.submitted e-1: not an envelope")
                .doesNotContain("홍길동");
    }
}
