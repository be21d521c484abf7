package kr.seoul.sane.events;

import kr.seoul.sane.contracts.EventContracts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeReaderTest {

    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private final EnvelopeReader reader = new EnvelopeReader();

    /** A payload as a consumer reads it: only what it needs. */
    record Routed(String departmentCode, double confidence, List<Candidate> candidates) {
        record Candidate(String departmentCode, double score) {
        }
    }

    @Test
    void readsWhatTheWriterWroteWithATypedPayload() {
        EnvelopeWriter writer = new EnvelopeWriter("routing-service", Tracings.inSpan(TRACE));
        Instant at = Instant.parse("2026-11-23T09:15:31Z");
        byte[] bytes = writer.bytes(writer.envelope("e-1", "proposal.routed", "p-1", at,
                Map.of("departmentCode", "CLIMATE", "confidence", 0.9, "somethingNew", "ignored",
                        "candidates", List.of(Map.of("departmentCode", "CLIMATE", "score", 0.9)))));

        Envelope<JsonNode> read = reader.read(bytes, "proposal.routed");

        assertThat(read).extracting(Envelope::eventId, Envelope::type, Envelope::schemaVersion, Envelope::occurredAt,
                        Envelope::proposalId, Envelope::producer, Envelope::traceparent)
                .containsExactly("e-1", "proposal.routed", 1, at, "p-1", "routing-service", TRACE);
        assertThat(reader.payload(read, Routed.class))
                .isEqualTo(new Routed("CLIMATE", 0.9, List.of(new Routed.Candidate("CLIMATE", 0.9))));
        assertThat(reader.read(new String(bytes, StandardCharsets.UTF_8), null)).isEqualTo(read);
    }

    @Test
    void readsEveryContractExample() {
        for (String type : EventContracts.EVENT_TYPES) {
            Envelope<JsonNode> read = reader.read(EventContracts.example(type), type);
            assertThat(read.type()).isEqualTo(type);
            assertThat(read.occurredAt()).isNotNull();
            assertThat(read.payload().isObject()).isTrue();
        }
    }

    @Test
    void toleratesMissingOptionalAndUnknownFields() {
        Envelope<JsonNode> read = reader.read("""
                {"eventId":"e-1","proposalId":"p-1","extra":{"a":[1,2]},"payload":{"x":1}}""", "proposal.routed");
        assertThat(read.type()).isEqualTo("proposal.routed");
        assertThat(read.schemaVersion()).isEqualTo(1);
        assertThat(read.occurredAt()).isNull();
        assertThat(read.producer()).isNull();
        assertThat(read.traceparent()).isNull();
        assertThat(read.payload().path("x").asInt()).isEqualTo(1);
        assertThat(reader.read("""
                {"eventId":"e-1","type":"proposal.triaged","proposalId":"p-1","traceparent":null,"payload":{}}""",
                null).type()).isEqualTo("proposal.triaged");
        assertThat(reader.read("""
                {"eventId":"e-1","proposalId":"p-1","traceparent":42,"producer":[],"payload":{}}""", null))
                .extracting(Envelope::traceparent, Envelope::producer).containsOnlyNulls();
    }

    @Test
    void refusesWhatCanNeverBeHandled() {
        assertUnreadable("not json", "unreadable proposal.routed event");
        assertUnreadable("[1,2]", "is not an event envelope");
        assertUnreadable("{\"proposalId\":\"p\",\"payload\":{}}", "without eventId, proposalId or payload");
        assertUnreadable("{\"eventId\":\" \",\"proposalId\":\"p\",\"payload\":{}}", "without eventId");
        assertUnreadable("{\"eventId\":\"e\",\"payload\":{}}", "without eventId, proposalId or payload");
        assertUnreadable("{\"eventId\":\"e\",\"proposalId\":\"p\"}", "without eventId, proposalId or payload");
        assertUnreadable("{\"eventId\":\"e\",\"proposalId\":\"p\",\"payload\":\"text\"}", "or payload");
        assertUnreadable("{\"eventId\":\"e\",\"type\":\"proposal.triaged\",\"proposalId\":\"p\",\"payload\":{}}",
                "expected proposal.routed but got proposal.triaged");
        assertUnreadable("{\"eventId\":\"e\",\"proposalId\":\"p\",\"occurredAt\":\"yesterday\",\"payload\":{}}",
                "unreadable occurredAt");
        assertThatThrownBy(() -> reader.read((byte[]) null, "proposal.routed"))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void findsTheTraceparentOfAStoredEnvelopeBeforeItsPayload() {
        assertThat(reader.traceparentOf(bytes("{\"eventId\":\"e1\",\"meta\":{\"traceparent\":\"x\"},\"traceparent\":\""
                + TRACE + "\",\"payload\":{}}"))).isEqualTo(TRACE);
        assertThat(reader.traceparentOf(bytes("{\"eventId\":\"e1\",\"payload\":{}}"))).isNull();
        assertThat(reader.traceparentOf(bytes("{\"traceparent\":42}"))).isNull();
        assertThat(reader.traceparentOf(bytes("[\"traceparent\"]"))).isNull();
        assertThat(reader.traceparentOf(bytes("{\"traceparent\":"))).isNull();
        assertThat(reader.traceparentOf(null)).isNull();
    }

    @Test
    void refusesAPayloadOfTheWrongShape() {
        Envelope<JsonNode> read = reader.read("""
                {"eventId":"e-1","proposalId":"p-1","payload":{"confidence":"very"}}""", "proposal.routed");
        assertThatThrownBy(() -> reader.payload(read, Routed.class)).isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("unreadable payload of event e-1");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private void assertUnreadable(String json, String message) {
        assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8), "proposal.routed"))
                .isInstanceOf(UnreadableEventException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
