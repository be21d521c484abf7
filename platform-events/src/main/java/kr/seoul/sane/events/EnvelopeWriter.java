package kr.seoul.sane.events;

import kr.seoul.sane.tracing.EventTracing;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes the envelopes of one producer (the service's {@code spring.application.name}): event id, type, schema
 * version, time, subject id, producer and the current span's {@code traceparent} around a payload, serialised once.
 * Each service gets one as a bean from {@link PlatformEventsAutoConfiguration}.
 */
public class EnvelopeWriter {

    private final String producer;
    private final EventTracing tracing;
    private final JsonMapper json;

    public EnvelopeWriter(String producer, EventTracing tracing) {
        this(producer, tracing, JsonMapper.builder().build());
    }

    public EnvelopeWriter(String producer, EventTracing tracing, JsonMapper json) {
        this.producer = producer;
        this.tracing = tracing;
        this.json = json;
    }

    /** A new random event id (an event caused by a request). */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The event id derived from what caused the event ({@code type|cause}): publishing the same cause again gives the
     * same id, and consumers drop the copy.
     */
    public static String eventIdOf(String type, String cause) {
        return UUID.nameUUIDFromBytes((type + "|" + cause).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The producer this writer names in every envelope. */
    public String producer() {
        return producer;
    }

    /** A schema-version-1 envelope of {@code payload} in the current span's trace (none when nothing is traced). */
    public <P> Envelope<P> envelope(String eventId, String type, String proposalId, Instant occurredAt, P payload) {
        return envelope(eventId, type, 1, proposalId, occurredAt, payload);
    }

    /** @param schemaVersion the version of the type's schema the payload follows */
    public <P> Envelope<P> envelope(String eventId, String type, int schemaVersion, String proposalId,
                                    Instant occurredAt, P payload) {
        return new Envelope<>(eventId, type, schemaVersion, occurredAt, proposalId, producer, tracing.traceparent(),
                payload);
    }

    /** The envelope as JSON text (what an outbox stores). */
    public String json(Envelope<?> envelope) {
        return json.writeValueAsString(envelope);
    }

    /** The envelope as UTF-8 JSON (a Kafka record value). */
    public byte[] bytes(Envelope<?> envelope) {
        return json.writeValueAsBytes(envelope);
    }
}
