package kr.seoul.sane.notification.event;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** The platform's event envelope, read tolerantly: unknown fields are ignored. */
public record EventEnvelope(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String proposalId,
        String producer,
        String traceparent,
        JsonNode payload) {
}
