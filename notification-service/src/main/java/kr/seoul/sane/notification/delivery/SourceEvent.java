package kr.seoul.sane.notification.delivery;

import java.time.Instant;

/** The event a delivery was caused by. */
public record SourceEvent(String eventId, String type, Instant occurredAt, String proposalId, String traceparent) {
}
