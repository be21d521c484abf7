package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes {@code notification.delivered} and {@code notification.failed} (contract in contracts/).
 * They name the delivery, template and role, never an address.
 */
@Component
public class NotificationEvents {

    private static final Logger log = LoggerFactory.getLogger(NotificationEvents.class);

    private final StreamBridge streamBridge;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final EventTracing tracing;

    public NotificationEvents(StreamBridge streamBridge, JsonMapper jsonMapper, Clock clock, EventTracing tracing) {
        this.streamBridge = streamBridge;
        this.jsonMapper = jsonMapper;
        this.clock = clock;
        this.tracing = tracing;
    }

    public void delivered(Delivery delivery) {
        publish("notification.delivered", delivery, payload(delivery));
    }

    public void failed(Delivery delivery, int attempts, boolean permanent, String error) {
        Map<String, Object> payload = payload(delivery);
        payload.put("attempts", Math.max(1, attempts));
        payload.put("permanent", permanent);
        String text = error == null ? "unknown" : error;
        payload.put("error", text.length() > 1000 ? text.substring(0, 1000) : text);
        publish("notification.failed", delivery, payload);
    }

    private Map<String, Object> payload(Delivery delivery) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("deliveryId", delivery.id());
        payload.put("template", delivery.template());
        payload.put("recipientRole", delivery.recipientRole().name());
        payload.put("departmentCode", delivery.departmentCode());
        payload.put("sourceEventId", delivery.sourceEventId());
        payload.put("attempts", Math.max(1, delivery.attempts()));
        return payload;
    }

    private void publish(String type, Delivery delivery, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        // derived from the delivery and outcome: publishing the same outcome twice gives the same eventId
        envelope.put("eventId", UUID.nameUUIDFromBytes((type + "|" + delivery.id() + "|" + payload.get("attempts")
                + "|" + payload.getOrDefault("permanent", "")).getBytes(StandardCharsets.UTF_8)).toString());
        envelope.put("type", type);
        envelope.put("schemaVersion", 1);
        envelope.put("occurredAt", clock.instant().toString());
        envelope.put("proposalId", delivery.proposalId());
        envelope.put("producer", "notification-service");
        String traceparent = tracing.traceparent();
        envelope.put("traceparent", traceparent != null ? traceparent : delivery.traceparent());
        envelope.put("payload", payload);
        try {
            byte[] json = jsonMapper.writeValueAsBytes(envelope);
            boolean sent = streamBridge.send(type, MessageBuilder.withPayload(json)
                    .setHeader(KafkaHeaders.KEY, delivery.proposalId())
                    .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
                    .build());
            if (!sent) {
                log.warn("{} for delivery {} was not accepted by the binder", type, delivery.id());
            }
        } catch (RuntimeException e) {
            log.warn("{} for delivery {} could not be published: {}", type, delivery.id(), e.toString());
        }
    }
}
