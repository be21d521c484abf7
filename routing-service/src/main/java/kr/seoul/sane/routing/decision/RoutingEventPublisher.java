package kr.seoul.sane.routing.decision;

import kr.seoul.sane.events.EnvelopeWriter;
import kr.seoul.sane.routing.classifier.Department;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes {@code proposal.routed} (outcome ROUTED) and {@code proposal.triaged} (TRIAGE, NOT_A_PROPOSAL) envelopes, keyed by proposal id
 * (nothing for WITHDRAWN). The event id is
 * derived from what caused the event, so a retry after a partial failure repeats the same event id and consumers
 * drop the copy. {@link #send} hands the record to the producer and returns at once (the caller awaits the
 * acknowledgements of a whole batch together); {@link #publish} awaits one. The producer never flushes per record.
 */
@Component
class RoutingEventPublisher {

    static final long ACK_TIMEOUT_SECONDS = OutboxRelayGate.ACK_TIMEOUT_SECONDS;

    private final KafkaTemplate<String, byte[]> kafka;
    private final DepartmentDirectory directory;
    private final EnvelopeWriter writer;
    private final String routedTopic;
    private final String triagedTopic;
    private final Clock clock;

    RoutingEventPublisher(KafkaTemplate<String, byte[]> kafka, DepartmentDirectory directory, EnvelopeWriter writer,
                          @Value("${sane.routing.topics.routed:proposal.routed}") String routedTopic,
                          @Value("${sane.routing.topics.triaged:proposal.triaged}") String triagedTopic,
                          Clock clock) {
        this.clock = clock;
        this.kafka = kafka;
        this.directory = directory;
        this.writer = writer;
        this.routedTopic = routedTopic;
        this.triagedTopic = triagedTopic;
    }

    /** Publishes what the decision says and waits for the broker's acknowledgement. */
    void publish(RoutingDecision decision, String causeId) {
        await(List.of(send(decision, causeId)));
    }

    /**
     * Hands what the decision says to the producer and returns at once; a withdrawn proposal publishes nothing
     * (proposal-service closed it): the future is then complete already.
     */
    CompletableFuture<?> send(RoutingDecision decision, String causeId) {
        return switch (decision.outcome()) {
            case ROUTED -> publishRouted(decision, causeId);
            case TRIAGE, NOT_A_PROPOSAL -> publishTriaged(decision, causeId);
            case WITHDRAWN -> CompletableFuture.completedFuture(null);
        };
    }

    /** Waits for every acknowledgement at once; the first failure is thrown (the caller's work is retried). */
    static void await(List<CompletableFuture<?>> sends) {
        OutboxRelayGate.await(sends);
    }

    private CompletableFuture<?> publishRouted(RoutingDecision d, String causeId) {
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
        return send(routedTopic, "proposal.routed", d, causeId, payload);
    }

    private CompletableFuture<?> publishTriaged(RoutingDecision d, String causeId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", d.trackingCode());
        payload.put("reasonCode", d.triageReason());
        payload.put("reason", d.triageExplanation());
        payload.put("confidence", d.confidence());
        payload.put("candidates", candidates(d));
        // additive fields (the schema allows them): who decided, and the department the proposal came from
        payload.put("decidedBy", d.routedBy() == null ? "AUTO" : d.routedBy());
        payload.put("previousDepartmentCode", d.previousDepartmentCode());
        return send(triagedTopic, "proposal.triaged", d, causeId, payload);
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

    private CompletableFuture<?> send(String topic, String type, RoutingDecision d, String causeId, Map<String, Object> payload) {
        // the span publishing it (the consumed event's trace, or the operator's request); the stored one otherwise
        byte[] json = writer.bytes(writer.envelope(EnvelopeWriter.eventIdOf(type, causeId), type, d.proposalId(),
                clock.instant(), payload).withTraceparentIfAbsent(d.traceparent()));
        // the template's observation writes the record's traceparent header from the current span
        return kafka.send(new ProducerRecord<>(topic, d.proposalId(), json));
    }
}
