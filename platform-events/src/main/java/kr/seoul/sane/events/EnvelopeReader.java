package kr.seoul.sane.events;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Reads envelopes tolerantly: the record is parsed once into a tree, unknown fields are ignored, absent optional
 * ones are null ({@code schemaVersion} 1), and a record that is not JSON, has no {@code eventId},
 * {@code proposalId} or object {@code payload}, an unreadable {@code occurredAt}, or names another type than expected
 * is refused with an {@link UnreadableEventException} (the caller dead-letters or skips it and counts it). Typed
 * payloads come from the same tree ({@link #payload}), never from a second parse of the record.
 */
public class EnvelopeReader {

    private final JsonMapper json;

    /** A reader with its own mapper (ignoring unknown payload fields). */
    public EnvelopeReader() {
        this(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    }

    /** A reader with the service's mapper (its read limits and settings apply to events too). */
    public EnvelopeReader(JsonMapper json) {
        this.json = json;
    }

    /**
     * The envelope of a record value.
     *
     * @param expectedType the type the topic carries; a record naming another is refused, one naming none is taken
     *                     as this type; null accepts any type
     */
    public Envelope<JsonNode> read(byte[] value, String expectedType) {
        return parsed(value == null ? null : () -> json.readTree(value), expectedType);
    }

    /** The envelope of JSON text; see {@link #read(byte[], String)}. */
    public Envelope<JsonNode> read(String value, String expectedType) {
        return parsed(value == null ? null : () -> json.readTree(value), expectedType);
    }

    /** The envelope of an already parsed record; see {@link #read(byte[], String)}. */
    public Envelope<JsonNode> envelope(JsonNode root, String expectedType) {
        if (root == null || !root.isObject()) {
            throw new UnreadableEventException(name(expectedType) + " record is not an event envelope");
        }
        String eventId = root.path("eventId").asString(null);
        String proposalId = root.path("proposalId").asString(null);
        JsonNode payload = root.get("payload");
        if (eventId == null || eventId.isBlank() || proposalId == null || payload == null || !payload.isObject()) {
            throw new UnreadableEventException(name(expectedType) + " event without eventId, proposalId or payload");
        }
        String type = root.path("type").asString(null);
        if (type != null && expectedType != null && !expectedType.equals(type)) {
            throw new UnreadableEventException("expected " + expectedType + " but got " + type);
        }
        return new Envelope<>(eventId, type != null ? type : expectedType, root.path("schemaVersion").asInt(1),
                occurredAt(root.path("occurredAt").asString(null), eventId), proposalId,
                text(root, "producer"), text(root, "traceparent"), payload);
    }

    /** The payload as {@code type} (unknown fields ignored). */
    public <T> T payload(Envelope<JsonNode> envelope, Class<T> type) {
        try {
            return json.treeToValue(envelope.payload(), type);
        } catch (JacksonException e) {
            throw new UnreadableEventException("unreadable payload of event " + envelope.eventId() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * The envelope's {@code traceparent}, read without parsing the whole event (it comes before the payload): for a
     * relay that publishes a stored envelope within its trace; null when absent or unreadable.
     */
    public String traceparentOf(byte[] envelope) {
        if (envelope == null) {
            return null;
        }
        try (JsonParser parser = json.createParser(envelope)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("traceparent".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (JacksonException unreadable) {
            return null;
        }
    }

    private Envelope<JsonNode> parsed(Supplier<JsonNode> parse, String expectedType) {
        if (parse == null) {
            throw new UnreadableEventException("empty " + name(expectedType) + " record");
        }
        JsonNode root;
        try {
            root = parse.get();
        } catch (JacksonException e) {
            throw new UnreadableEventException("unreadable " + name(expectedType) + " event: "
                    + e.getOriginalMessage(), e);
        }
        return envelope(root, expectedType);
    }

    private static Instant occurredAt(String value, String eventId) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw new UnreadableEventException("event " + eventId + " with an unreadable occurredAt", e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static String name(String type) {
        return type == null ? "an" : type;
    }
}
