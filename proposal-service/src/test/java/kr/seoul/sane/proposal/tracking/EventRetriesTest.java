package kr.seoul.sane.proposal.tracking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.mock.MockProducerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The listener's error handling without a broker: a batch whose store write fails is delivered again to the handler;
 * one that keeps failing for the whole retry period goes, record by record, to {@code error.<topic>.proposal-service}.
 */
class EventRetriesTest {

    private static final TopicPartition ROUTED = new TopicPartition("proposal.routed", 0);
    private static final TopicPartition SUGGESTED = new TopicPartition("catalog.suggested", 0);

    private MockProducer<String, byte[]> producer;
    private DefaultErrorHandler errorHandler;
    private MockConsumer<String, byte[]> consumer;
    private MessageListenerContainer container;
    private ConsumerRecords<String, byte[]> batch;

    @BeforeEach
    void setUp() {
        producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void close(Duration timeout) {
            }
        };
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        // 1 s, then 2 s would pass the 2 s budget: one retry
        errorHandler = new ProposalEventListener().proposalEventErrorHandler(kafka, Duration.ofSeconds(2));
        consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(ROUTED, SUGGESTED));
        consumer.updateBeginningOffsets(Map.of(ROUTED, 0L, SUGGESTED, 0L));
        container = mock(MessageListenerContainer.class);
        when(container.isRunning()).thenReturn(true);
        when(container.getContainerFor(anyString(), anyInt())).thenReturn(container);
        batch = new ConsumerRecords<>(Map.of(
                ROUTED, List.of(record(ROUTED, 3, "p-1")),
                SUGGESTED, List.of(record(SUGGESTED, 7, "p-2"))), Map.of());
    }

    @Test
    void aBatchWhoseStoreWriteFailsOnceIsDeliveredAgainAndNotDeadLettered() {
        AtomicInteger attempts = new AtomicInteger();
        errorHandler.handleBatch(storeDown(), batch, consumer, container, () -> {
            attempts.incrementAndGet();
        });
        assertThat(attempts).hasValue(1);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aBatchWhoseStoreWriteKeepsFailingGoesToTheDeadLetterTopicsAfterTheRetries() {
        AtomicInteger attempts = new AtomicInteger();
        errorHandler.handleBatch(storeDown(), batch, consumer, container, () -> {
            attempts.incrementAndGet();
            throw storeDown();
        });
        assertThat(attempts.get()).isPositive();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactlyInAnyOrder(
                "error.proposal.routed.proposal-service", "error.catalog.suggested.proposal-service");
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactlyInAnyOrder("p-1", "p-2");
    }

    private static ListenerExecutionFailedException storeDown() {
        return new ListenerExecutionFailedException("bulk write failed",
                new DataAccessResourceFailureException("store unavailable"));
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset, String key) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key,
                ("{\"proposalId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
