package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@code notification.delivered} and {@code notification.failed} (contract in contracts/) as outbox entries:
 * the dispatcher writes them into the delivery together with its outcome, the {@link OutboxRelay} publishes them.
 * They name the delivery, template and role, never an address.
 */
@Component
public class NotificationEvents {

    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final EventTracing tracing;

    public NotificationEvents(JsonMapper jsonMapper, Clock clock, EventTracing tracing) {
        this.jsonMapper = jsonMapper;
        this.clock = clock;
        this.tracing = tracing;
    }

    public PendingEvent delivered(Delivery delivery) {
        return pending("notification.delivered", delivery, payload(delivery));
    }

    public PendingEvent failed(Delivery delivery, int attempts, boolean permanent, String error) {
        Map<String, Object> payload = payload(delivery);
        payload.put("attempts", Math.max(1, attempts));
        payload.put("permanent", permanent);
        String text = error == null ? "unknown" : error;
        payload.put("error", text.length() > 1000 ? text.substring(0, 1000) : text);
        return pending("notification.failed", delivery, payload);
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

    private PendingEvent pending(String type, Delivery delivery, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        // derived from the delivery and outcome: publishing the same outcome twice gives the same eventId
        String eventId = UUID.nameUUIDFromBytes((type + "|" + delivery.id() + "|" + payload.get("attempts")
                + "|" + payload.getOrDefault("permanent", "")).getBytes(StandardCharsets.UTF_8)).toString();
        envelope.put("eventId", eventId);
        envelope.put("type", type);
        envelope.put("schemaVersion", 1);
        envelope.put("occurredAt", clock.instant().toString());
        envelope.put("proposalId", delivery.proposalId());
        envelope.put("producer", "notification-service");
        String traceparent = tracing.traceparent();
        envelope.put("traceparent", traceparent != null ? traceparent : delivery.traceparent());
        envelope.put("payload", payload);
        return new PendingEvent(type, eventId, delivery.proposalId(), jsonMapper.writeValueAsString(envelope),
                clock.instant());
    }
}
