package kr.seoul.sane.proposal.outbox;

import kr.seoul.sane.proposal.model.PendingEvent;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The platform's event envelope (contracts/schemas/envelope.schema.json) around a payload, ready for the outbox. */
final class Envelopes {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Envelopes() {
    }

    /** @param traceparent the span that produced the event (the request or the consumed event) */
    static PendingEvent pending(String eventId, String type, String proposalId, Instant occurredAt,
                                String traceparent, Map<String, Object> payload) {
        return pending(eventId, type, 1, proposalId, occurredAt, traceparent, payload);
    }

    /** @param schemaVersion the version of the type's schema the payload follows */
    static PendingEvent pending(String eventId, String type, int schemaVersion, String proposalId, Instant occurredAt,
                                String traceparent, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId);
        envelope.put("type", type);
        envelope.put("schemaVersion", schemaVersion);
        envelope.put("occurredAt", occurredAt.toString());
        envelope.put("proposalId", proposalId);
        envelope.put("producer", SubmittedEvents.PRODUCER);
        envelope.put("traceparent", traceparent);
        envelope.put("payload", payload);
        return new PendingEvent(eventId, type, occurredAt, JSON.writeValueAsString(envelope));
    }
}
