package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.events.EnvelopeWriter;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@code notification.delivered} and {@code notification.failed} (contract in contracts/) as outbox entries:
 * the dispatcher writes them into the delivery together with its outcome, the {@link OutboxRelay} publishes them.
 * They name the delivery, template and role, never an address; the copy of a department mail sent to the fallback
 * mailbox says so ({@code fallbackCopy}), so no consumer needs to read this service's delivery ids.
 */
@Component
public class NotificationEvents {

    private final EnvelopeWriter writer;
    private final Clock clock;

    public NotificationEvents(EnvelopeWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
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
        if (delivery.fallbackCopy()) {
            payload.put("fallbackCopy", true);
        }
        payload.put("attempts", Math.max(1, delivery.attempts()));
        return payload;
    }

    private PendingEvent pending(String type, Delivery delivery, Map<String, Object> payload) {
        // derived from the delivery and outcome: publishing the same outcome twice gives the same eventId
        String eventId = EnvelopeWriter.eventIdOf(type, delivery.id() + "|" + payload.get("attempts")
                + "|" + payload.getOrDefault("permanent", ""));
        String envelope = writer.json(writer.envelope(eventId, type, delivery.proposalId(), clock.instant(), payload)
                .withTraceparentIfAbsent(delivery.traceparent()));
        return new PendingEvent(type, eventId, delivery.proposalId(), envelope, clock.instant());
    }
}
