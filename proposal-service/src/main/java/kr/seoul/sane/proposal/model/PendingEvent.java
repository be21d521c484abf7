package kr.seoul.sane.proposal.model;

import java.time.Instant;

/**
 * An event waiting in the proposal document (outbox) until the relay has handed it to the broker.
 * {@code envelope} is the exact JSON that goes on the topic.
 */
public record PendingEvent(String eventId, String type, Instant occurredAt, String envelope) {
}
