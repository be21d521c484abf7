package kr.seoul.sane.routing.decision;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.OffsetCommits;
import kr.seoul.sane.events.UnreadableEventException;
import kr.seoul.sane.tracing.EventTracing;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One consumer (binding {@code routingEvents-in-0}, batch mode: every record of one poll at once) for the three topics
 * routing-service reads: {@code proposal.submitted}, {@code proposal.status-changed} and
 * {@code proposal.personal-data-erased}. Records are handled in their order: consecutive {@code proposal.submitted}
 * records as one group ({@link SubmittedBatchRouter}), the others one by one ({@link StatusChangeHandler}, {@link ErasureHandler}), each event inside
 * its own trace. A failure is reported with the index of the record it belongs to ({@link BatchListenerFailedException}):
 * the error handler commits what came before and retries from there or dead-letters it
 * ({@link RoutingEventsErrorHandling}).
 */
@Configuration(proxyBeanMethods = false)
class RoutingEventsBinding {

    static final String SUBMITTED = "proposal.submitted";
    static final String STATUS_CHANGED = "proposal.status-changed";
    static final String PERSONAL_DATA_ERASED = "proposal.personal-data-erased";

    /**
     * The binding's consumer commits what it handled once a second ({@link OffsetCommits}), not after every poll; the
     * binder applies this after its own ack mode.
     */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> routingEventsOffsetCommits() {
        return (container, destination, group) -> OffsetCommits.timed(container.getContainerProperties());
    }

    @Bean
    Consumer<Message<List<byte[]>>> routingEvents(SubmittedBatchRouter submitted, StatusChangeHandler statusChanges,
                                                  ErasureHandler erasures, EventTracing tracing,
                                                  EnvelopeReader reader) {
        return message -> {
            List<byte[]> payloads = message.getPayload();
            List<?> topics = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC, List.class);
            List<?> headers = message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.class);
            List<SubmittedBatchRouter.Submitted> group = new ArrayList<>();
            int groupStart = 0;
            for (int i = 0; i < payloads.size(); i++) {
                String topic = topics == null ? SUBMITTED : String.valueOf(topics.get(i));
                byte[] payload = payloads.get(i);
                if (SUBMITTED.equals(topic)) {
                    try {
                        if (group.isEmpty()) {
                            groupStart = i;
                        }
                        group.add(submitted.read(payload, traceparentHeader(headers, i)));
                        continue;
                    } catch (UnreadableEventException e) {
                        route(submitted, group, groupStart);
                        throw new BatchListenerFailedException(e.getMessage(), e, i);
                    }
                }
                route(submitted, group, groupStart);
                try {
                    if (STATUS_CHANGED.equals(topic)) {
                        Envelope<JsonNode> event = reader.read(payload, STATUS_CHANGED);
                        tracing.run(event.traceparent(), "transfer proposal", () -> statusChanges.onStatusChanged(event));
                    } else if (PERSONAL_DATA_ERASED.equals(topic)) {
                        Envelope<JsonNode> event = reader.read(payload, PERSONAL_DATA_ERASED);
                        tracing.run(event.traceparent(), "erase personal data", () -> erasures.onPersonalDataErased(event));
                    }
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException(String.valueOf(e.getMessage()), e, i);
                }
            }
            route(submitted, group, groupStart);
        };
    }

    /** Routes the pending group of proposal.submitted events (a failure names its first record) and empties it. */
    private static void route(SubmittedBatchRouter submitted, List<SubmittedBatchRouter.Submitted> group, int start) {
        if (group.isEmpty()) {
            return;
        }
        try {
            submitted.route(group);
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException(String.valueOf(e.getMessage()), e, start);
        }
        group.clear();
    }

    /** The record's {@code traceparent} header (written by an observed producer), null when absent. */
    private static String traceparentHeader(List<?> headers, int index) {
        if (headers == null || index >= headers.size() || !(headers.get(index) instanceof Map<?, ?> map)) {
            return null;
        }
        Object value = map.get("traceparent");
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value instanceof String s ? s : null;
    }
}
