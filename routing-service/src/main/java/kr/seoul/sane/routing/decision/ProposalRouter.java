package kr.seoul.sane.routing.decision;

import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.LearnedExample;
import kr.seoul.sane.routing.classifier.ProposalText;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Handles {@code proposal.submitted}: classifies the proposal, stores the {@link RoutingDecision} and publishes
 * {@code proposal.routed} or {@code proposal.triaged}. A redelivered event (same eventId) changes nothing and
 * publishes nothing; a retry after a failure re-publishes the stored decision under the same event id.
 */
@Service
public class ProposalRouter {

    private static final Logger log = LoggerFactory.getLogger(ProposalRouter.class);

    private final RoutingClassifier classifier;
    private final RoutingDecisionRepository decisions;
    private final ProcessedEventRepository processed;
    private final RoutingEventPublisher publisher;
    private final RoutingMetrics metrics;
    private final JsonMapper mapper = JsonMapper.builder().build();

    private final LearnedExampleRepository learnedExamples;

    ProposalRouter(RoutingClassifier classifier, RoutingDecisionRepository decisions,
                   ProcessedEventRepository processed, RoutingEventPublisher publisher, RoutingMetrics metrics,
                   LearnedExampleRepository learnedExamples) {
        this.classifier = classifier;
        this.learnedExamples = learnedExamples;
        this.decisions = decisions;
        this.processed = processed;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** @param json the envelope of a {@code proposal.submitted} event */
    public void onSubmitted(byte[] json) {
        JsonNode event = mapper.readTree(json);
        String eventId = event.path("eventId").asString(null);
        String proposalId = event.path("proposalId").asString(null);
        if (eventId == null || proposalId == null) {
            throw new IllegalArgumentException("proposal.submitted without eventId or proposalId");
        }
        if (processed.existsById(eventId)) {
            log.debug("event {} for proposal {} already handled", eventId, proposalId);
            return;
        }
        RoutingDecision decision = decisions.findById(proposalId).orElseGet(() -> decide(event, eventId, proposalId));
        if (eventId.equals(decision.sourceEventId())) {
            publisher.publish(decision, eventId);
        }
        try {
            processed.insert(new ProcessedEvent(eventId, "proposal.submitted", Instant.now()));
        } catch (DuplicateKeyException concurrentCopy) {
            log.debug("event {} recorded concurrently", eventId);
        }
    }

    /**
     * An operator assigns the proposal to {@code departmentCode}: the decision is updated, {@code proposal.routed}
     * (routedBy OPERATOR) is published, and the proposal becomes a learned example at once.
     *
     * @return the new decision, empty when the proposal is unknown
     */
    public Optional<RoutingDecision> assign(String proposalId, String departmentCode) {
        Optional<RoutingDecision> current = decisions.findById(proposalId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        RoutingDecision updated = current.get().reassignedTo(departmentCode, "OPERATOR");
        decisions.save(updated);
        publisher.publish(updated, "operator|" + proposalId + "|" + UUID.randomUUID());
        String title = String.valueOf(updated.proposal().getOrDefault("title", ""));
        String content = String.valueOf(updated.proposal().getOrDefault("content", ""));
        learnedExamples.save(new LearnedExampleRecord(proposalId, title, content, departmentCode, "OPERATOR",
                Instant.now()));
        classifier.learn(new LearnedExample(title, content, departmentCode));
        metrics.reassigned();
        log.info("proposal {} assigned by an operator to {} (was {})", proposalId, departmentCode,
                current.get().departmentCode());
        return Optional.of(updated);
    }

    /** Proposals waiting in the triage queue, oldest first. */
    public List<RoutingDecision> triageQueue() {
        return decisions.findByOutcomeOrderByDecidedAtAsc(RoutingDecision.Outcome.TRIAGE);
    }

    private RoutingDecision decide(JsonNode event, String eventId, String proposalId) {
        JsonNode payload = event.path("payload");
        JsonNode p = payload.path("proposal");
        ProposalText text = new ProposalText(p.path("title").asString(""), p.path("content").asString(""),
                p.path("field").isString() ? p.path("field").asString() : null,
                p.path("organizationType").asString(null), p.path("organization").asString(null),
                payload.path("suspicious").asBoolean(false));
        Classification c = classifier.classify(text);
        @SuppressWarnings("unchecked")
        Map<String, Object> snapshot = mapper.convertValue(p, Map.class);
        String traceparent = event.path("traceparent").isString() ? event.path("traceparent").asString() : null;
        List<RoutingDecision.CandidateScore> candidates = c.candidates().stream()
                .map(x -> new RoutingDecision.CandidateScore(x.departmentCode(), x.score())).toList();
        double confidence = Math.round(c.confidence() * 1000) / 1000.0;
        RoutingDecision d = c.autoRouted()
                ? new RoutingDecision(proposalId, eventId, p.path("trackingCode").asString(null),
                RoutingDecision.Outcome.ROUTED, c.topDepartment(), candidates, confidence, c.reasons(), null, null,
                "AUTO", null, Instant.now(), traceparent, snapshot)
                : new RoutingDecision(proposalId, eventId, p.path("trackingCode").asString(null),
                RoutingDecision.Outcome.TRIAGE, null, candidates, confidence, c.reasons(),
                c.triageReason().name(), c.triageExplanation(), null, null, Instant.now(), traceparent, snapshot);
        try {
            decisions.insert(d);
        } catch (DuplicateKeyException concurrentCopy) {
            return decisions.findById(proposalId).orElseThrow();
        }
        metrics.decided(d);
        log.info("proposal {} ({}) -> {} confidence {}", proposalId, d.trackingCode(),
                d.outcome() == RoutingDecision.Outcome.ROUTED ? d.departmentCode() : "TRIAGE/" + d.triageReason(),
                d.confidence());
        return d;
    }
}
