package kr.seoul.sane.routing.decision;

import kr.seoul.sane.routing.classifier.Department;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import kr.seoul.sane.tracing.EventTracing;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes {@code proposal.routed} (outcome ROUTED) and {@code proposal.triaged} (TRIAGE, NOT_A_PROPOSAL) envelopes, keyed by proposal id
 * (nothing for WITHDRAWN). The event id is
 * derived from what caused the event, so a retry after a partial failure repeats the same event id and consumers
 * drop the copy.
 */
@Component
class RoutingEventPublisher {

    static final String ROUTED_BINDING = "proposalRouted-out-0";
    static final String TRIAGED_BINDING = "proposalTriaged-out-0";
    private static final String PRODUCER = "routing-service";

    private final StreamBridge bridge;
    private final DepartmentDirectory directory;
    private final EventTracing tracing;
    private final JsonMapper mapper = JsonMapper.builder().build();

    RoutingEventPublisher(StreamBridge bridge, DepartmentDirectory directory, EventTracing tracing) {
        this.bridge = bridge;
        this.directory = directory;
        this.tracing = tracing;
    }

    /** Publishes what the decision says; a withdrawn proposal publishes nothing (proposal-service closed it). */
    void publish(RoutingDecision decision, String causeId) {
        switch (decision.outcome()) {
            case ROUTED -> publishRouted(decision, causeId);
            case TRIAGE, NOT_A_PROPOSAL -> publishTriaged(decision, causeId);
            case WITHDRAWN -> {
                // nothing to tell: the withdrawal came from proposal-service
            }
        }
    }

    private void publishRouted(RoutingDecision d, String causeId) {
        Department dept = directory.find(d.departmentCode())
                .orElseThrow(() -> new IllegalStateException("unknown department " + d.departmentCode()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("departmentCode", dept.code());
        payload.put("departmentName", dept.name());
        payload.put("departmentEmail", dept.email());
        payload.put("supportingDepartments", supporting(d, directory));
        payload.put("confidence", d.confidence());
        payload.put("reasons", d.reasons());
        payload.put("candidates", candidates(d));
        payload.put("routedBy", d.routedBy());
        payload.put("previousDepartmentCode", d.previousDepartmentCode());
        payload.put("proposal", d.proposal());
        send(ROUTED_BINDING, "proposal.routed", d, causeId, payload);
    }

    private void publishTriaged(RoutingDecision d, String causeId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", d.trackingCode());
        payload.put("reasonCode", d.triageReason());
        payload.put("reason", d.triageExplanation());
        payload.put("confidence", d.confidence());
        payload.put("candidates", candidates(d));
        // additive fields (the schema allows them): who decided, and the department the proposal came from
        payload.put("decidedBy", d.routedBy() == null ? "AUTO" : d.routedBy());
        payload.put("previousDepartmentCode", d.previousDepartmentCode());
        send(TRIAGED_BINDING, "proposal.triaged", d, causeId, payload);
    }

    /**
     * The supporting departments the classifier found for an automatic routing (a proposal that clearly spans two
     * departments: the runner-up's score close to the lead's, both with real evidence), with the directory's name and
     * address so they can be copied on the department mail; none for an operator's or a department's choice.
     */
    static List<Map<String, Object>> supporting(RoutingDecision d, DepartmentDirectory directory) {
        if (!"AUTO".equals(d.routedBy())) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String code : d.supportingDepartments()) {
            if (code.equals(d.departmentCode())) {
                continue;
            }
            directory.find(code).ifPresent(dept -> out.add(Map.of("code", dept.code(), "name", dept.name(),
                    "email", dept.email())));
        }
        return List.copyOf(out);
    }

    private static List<Map<String, Object>> candidates(RoutingDecision d) {
        return d.candidates().stream()
                .map(c -> Map.<String, Object>of("departmentCode", c.departmentCode(), "score", c.score()))
                .toList();
    }

    private void send(String binding, String type, RoutingDecision d, String causeId, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", UUID.nameUUIDFromBytes((type + "|" + causeId).getBytes(StandardCharsets.UTF_8)).toString());
        envelope.put("type", type);
        envelope.put("schemaVersion", 1);
        envelope.put("occurredAt", Instant.now().toString());
        envelope.put("proposalId", d.proposalId());
        envelope.put("producer", PRODUCER);
        // the span publishing it (the consumed event's trace, or the operator's request); the stored one otherwise
        String traceparent = tracing.traceparent();
        envelope.put("traceparent", traceparent != null ? traceparent : d.traceparent());
        envelope.put("payload", payload);
        byte[] json = mapper.writeValueAsBytes(envelope);
        boolean sent = bridge.send(binding, MessageBuilder.withPayload(json)
                .setHeader(KafkaHeaders.KEY, d.proposalId())
                .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build());
        if (!sent) {
            throw new IllegalStateException("could not publish " + type + " for proposal " + d.proposalId());
        }
    }
}
