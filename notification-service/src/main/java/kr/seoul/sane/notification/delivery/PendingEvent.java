package kr.seoul.sane.notification.delivery;

import java.time.Instant;

/**
 * A {@code notification.delivered} / {@code notification.failed} event waiting in its delivery document
 * (field {@code pendingEvent}) until the broker has acknowledged it: the outbox, written in the same update as
 * the outcome it reports, cleared by the {@link OutboxRelay} only after the acknowledgement.
 * @param type the event type, which is also its topic
 * @param eventId derived from the delivery and outcome, so the same outcome always has the same id
 * @param proposalId the record key
 * @param envelope the JSON envelope as published
 * @param since when the outcome was recorded (the sweep leaves young entries to the instance that wrote them)
 */
public record PendingEvent(String type, String eventId, String proposalId, String envelope, Instant since) {
}
