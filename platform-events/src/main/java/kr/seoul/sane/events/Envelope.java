package kr.seoul.sane.events;

import java.time.Instant;

/**
 * The platform's event envelope (contracts/schemas/envelope.schema.json): the same fields, in the same order, around
 * every event. {@code proposalId} is also the Kafka record key (for directory, account and catalogue events the id
 * of the entry the event is about). Written by {@link EnvelopeWriter}; {@link EnvelopeReader} reads it with the
 * payload as a JSON tree ({@code Envelope<JsonNode>}).
 *
 * @param traceparent W3C trace context of the operation that caused the event; null when nothing was traced
 * @param <P> the payload: a map or record when written, a {@code JsonNode} when read
 */
public record Envelope<P>(String eventId, String type, int schemaVersion, Instant occurredAt, String proposalId,
                          String producer, String traceparent, P payload) {

    /** This envelope naming {@code traceparent} as its cause. */
    public Envelope<P> withTraceparent(String traceparent) {
        return new Envelope<>(eventId, type, schemaVersion, occurredAt, proposalId, producer, traceparent, payload);
    }

    /**
     * This envelope, or with {@code fallback} as its trace when it names none (no span was current: a relay or a
     * retry publishes under the trace stored with the cause).
     */
    public Envelope<P> withTraceparentIfAbsent(String fallback) {
        return traceparent != null ? this : withTraceparent(fallback);
    }
}
