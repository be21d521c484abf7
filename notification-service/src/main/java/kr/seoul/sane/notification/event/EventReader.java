package kr.seoul.sane.notification.event;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns raw Kafka record values into envelopes and typed payloads. */
@Component
public class EventReader {

    private final JsonMapper jsonMapper;

    public EventReader(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public EventEnvelope envelope(byte[] value, String expectedType) {
        EventEnvelope envelope;
        try {
            envelope = jsonMapper.readValue(value, EventEnvelope.class);
        } catch (JacksonException e) {
            throw new InvalidEventException("unreadable " + expectedType + " event: " + e.getOriginalMessage(), e);
        }
        if (envelope.eventId() == null || envelope.eventId().isBlank() || envelope.payload() == null
                || envelope.proposalId() == null) {
            throw new InvalidEventException(expectedType + " event without eventId, proposalId or payload");
        }
        if (envelope.type() != null && !expectedType.equals(envelope.type())) {
            throw new InvalidEventException("expected " + expectedType + " but got " + envelope.type());
        }
        return envelope;
    }

    public <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return jsonMapper.treeToValue(envelope.payload(), type);
        } catch (JacksonException e) {
            throw new InvalidEventException("unreadable payload of event " + envelope.eventId() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
