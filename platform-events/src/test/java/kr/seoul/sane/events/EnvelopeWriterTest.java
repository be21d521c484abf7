package kr.seoul.sane.events;

import kr.seoul.sane.contracts.EventContracts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeWriterTest {

    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Instant AT = Instant.parse("2026-11-23T09:15:31.120Z");

    @Test
    void writesTheFieldsInTheEnvelopeOrderWithTheCurrentTrace() {
        EnvelopeWriter writer = new EnvelopeWriter("routing-service", Tracings.inSpan(TRACE));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", "SN-2026-0001");
        payload.put("reason", null);
        String json = writer.json(writer.envelope("e-1", "proposal.triaged", "p-1", AT, payload));

        // what every service built by hand before: a map in this order, nulls written
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("eventId", "e-1");
        before.put("type", "proposal.triaged");
        before.put("schemaVersion", 1);
        before.put("occurredAt", AT.toString());
        before.put("proposalId", "p-1");
        before.put("producer", "routing-service");
        before.put("traceparent", TRACE);
        before.put("payload", payload);
        assertThat(json).isEqualTo(JsonMapper.builder().build().writeValueAsString(before));
        assertThat(new String(writer.bytes(writer.envelope("e-1", "proposal.triaged", "p-1", AT, payload)),
                StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void namesNoTraceWhenNothingIsTracedAndTakesTheStoredOneThen() {
        EnvelopeWriter writer = new EnvelopeWriter("catalog-service", Tracings.untraced());
        Envelope<Map<String, Object>> untraced = writer.envelope("e-2", "catalog.case-withdrawn", 2, "case-1", AT,
                Map.of());
        assertThat(untraced.traceparent()).isNull();
        assertThat(writer.json(untraced)).contains("\"traceparent\":null").contains("\"schemaVersion\":2");
        assertThat(untraced.withTraceparentIfAbsent(TRACE).traceparent()).isEqualTo(TRACE);
        EnvelopeWriter traced = new EnvelopeWriter("catalog-service", Tracings.inSpan(TRACE));
        assertThat(traced.envelope("e-3", "catalog.case-withdrawn", "case-1", AT, Map.of())
                .withTraceparentIfAbsent("00-00000000000000000000000000000001-0000000000000001-01").traceparent())
                .isEqualTo(TRACE);
    }

    @Test
    void derivedIdsRepeatForTheSameCauseOnly() {
        assertThat(EnvelopeWriter.eventIdOf("proposal.routed", "cause-1"))
                .isEqualTo(EnvelopeWriter.eventIdOf("proposal.routed", "cause-1"))
                .isNotEqualTo(EnvelopeWriter.eventIdOf("proposal.routed", "cause-2"))
                .isNotEqualTo(EnvelopeWriter.eventIdOf("proposal.triaged", "cause-1"));
        assertThat(EnvelopeWriter.newEventId()).isNotEqualTo(EnvelopeWriter.newEventId()).hasSize(36);
    }

    @Test
    void whatItWritesConformsToTheContract() {
        EnvelopeWriter writer = new EnvelopeWriter("proposal-service", Tracings.inSpan(TRACE));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("username", "kim");
        payload.put("displayName", "김담당");
        payload.put("role", "OPERATOR");
        payload.put("passwordHash", "{bcrypt}$2a$10$abcdefghijklmnopqrstuuN2jWlUgo9pKj4w3gqq3xYsD6wwy6gq2");
        payload.put("enabled", true);
        payload.put("version", 1);
        payload.put("sessionsValidFrom", null);
        payload.put("changedAt", AT.toString());
        payload.put("changedBy", "admin");
        payload.put("change", "CREATED");
        String json = writer.json(writer.envelope(EnvelopeWriter.newEventId(), "ops.account-changed", "kim", AT,
                payload));
        assertThat(EventContracts.violations("ops.account-changed", json)).isEmpty();
        assertThat(List.of(json)).allSatisfy(j -> assertThat(j).contains("\"producer\":\"proposal-service\""));
    }
}
