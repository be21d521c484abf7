package kr.seoul.sane.routing.decision;

import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.LearnedExample;
import kr.seoul.sane.routing.classifier.ProposalText;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.privacy.PersonalDataEraser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Changes of a stored {@link RoutingDecision} after the classifier's (see {@link SubmittedBatchRouter}): operators'
 * assignments and verdicts, departments' transfers, withdrawals and erasures. Each change that publishes is stored
 * with its event in the decision's outbox (one write), published, and the entry cleared after the broker's
 * acknowledgement; what fails in between is published by the outbox relay under the same event id. Status events are
 * idempotent on their eventId ({@code processed_events}).
 */
@Service
public class ProposalRouter {

    private static final Logger log = LoggerFactory.getLogger(ProposalRouter.class);

    private final RoutingClassifier classifier;
    private final RoutingDecisionRepository decisions;
    private final ProcessedEventRepository processed;
    private final DecisionOutbox outbox;
    private final RoutingMetrics metrics;
    private final JsonMapper mapper = JsonMapper.builder().build();

    private final LearnedExampleRepository learnedExamples;
    private final PersonalDataEraser eraser;
    private final MongoTemplate mongo;
    private final Clock clock;

    private static final String OPERATOR = "OPERATOR";
    private static final String TRANSFER = "TRANSFER";
    private static final String WITHDRAWN = "WITHDRAWN";

    ProposalRouter(RoutingClassifier classifier, RoutingDecisionRepository decisions,
                   ProcessedEventRepository processed, DecisionOutbox outbox, RoutingMetrics metrics,
                   LearnedExampleRepository learnedExamples, PersonalDataEraser eraser, MongoTemplate mongo,
                   Clock clock) {
        this.clock = clock;
        this.classifier = classifier;
        this.eraser = eraser;
        this.mongo = mongo;
        this.learnedExamples = learnedExamples;
        this.decisions = decisions;
        this.processed = processed;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * An operator assigns the proposal to {@code departmentCode}: the decision is updated, {@code proposal.routed}
     * (routedBy OPERATOR) is published, and the proposal becomes a learned example at once.
     *
     * @return the new decision, empty when the proposal is unknown
     * @throws WithdrawnException when the applicant withdrew the proposal
     */
    public Optional<RoutingDecision> assign(String proposalId, String departmentCode) {
        Optional<RoutingDecision> current = open(proposalId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String causeId = "operator|" + proposalId + "|" + UUID.randomUUID();
        RoutingDecision updated = reassign(current.get(), departmentCode, OPERATOR, causeId);
        outbox.publish(updated);
        return Optional.of(updated);
    }

    /**
     * The one path of every reassignment, the operators' ({@link #assign}, or their assignment reported by
     * proposal-service) and the departments' transfers: the decision is stored as ROUTED to {@code departmentCode}
     * by {@code by} (the current department becomes the previous one, none for a proposal in triage, so it leaves
     * the triage queue), and the correction is learned at once. The event waits in the outbox; the caller publishes.
     */
    private RoutingDecision reassign(RoutingDecision current, String departmentCode, String by, String causeId) {
        RoutingDecision updated = store(current.reassignedTo(departmentCode, by, causeId, clock.instant())
                .withPending(causeId));
        learnRouting(updated, by);
        if (OPERATOR.equals(by)) {
            metrics.reassigned();
            log.info("proposal {} assigned by an operator to {} (was {})", current.proposalId(), departmentCode,
                    current.outcome() == RoutingDecision.Outcome.ROUTED ? current.departmentCode() : current.outcome());
        } else {
            metrics.transferred();
            log.info("proposal {} transferred from {} to {}", current.proposalId(), current.departmentCode(),
                    departmentCode);
        }
        return updated;
    }

    /**
     * Handles {@code proposal.status-changed}. {@code WITHDRAWN} (the applicant's erasure of an open proposal) takes
     * the proposal out of triage, publishing and learning nothing; a withdrawn proposal ignores every later status.
     * {@code NOT_A_PROPOSAL} takes the proposal out of triage and learns it
     * as a negative example (see {@link #recordNotAProposal}). {@code TRANSFERRED}: the department recorded in the
     * stored decision hands the proposal to {@code payload.departmentCode}; a new {@code proposal.routed}
     * (routedBy TRANSFER, previousDepartmentCode = the department that transferred) is published and the transfer
     * becomes a learned example at once. With {@code actor: OPERATOR} it is an operator's correction (e.g. the
     * one-click assignment of a proposal in triage): routedBy OPERATOR, previousDepartmentCode null when the proposal
     * was in triage, learned with source OPERATOR, through the same path as {@link #assign}. A target that is not in
     * the directory (or none) sends the proposal to triage. Idempotent on the incoming eventId; a retry after a failed publish re-publishes the stored result under
     * the same event id.
     *
     * @param json the envelope of a {@code proposal.status-changed} event
     */
    public void onStatusChanged(byte[] json) {
        JsonNode event = mapper.readTree(json);
        String eventId = event.path("eventId").asString(null);
        String proposalId = event.path("proposalId").asString(null);
        JsonNode payload = event.path("payload");
        String status = payload.path("status").asString(null);
        if (!"TRANSFERRED".equals(status) && !"NOT_A_PROPOSAL".equals(status) && !WITHDRAWN.equals(status)) {
            return;
        }
        if (eventId == null || proposalId == null) {
            throw new IllegalArgumentException("proposal.status-changed without eventId or proposalId");
        }
        if (alreadyProcessed(eventId)) {
            log.debug("event {} for proposal {} already handled", eventId, proposalId);
            return;
        }
        Optional<RoutingDecision> current = decisions.findById(proposalId);
        if (current.isEmpty()) {
            log.warn("status {} of proposal {} ignored: no routing decision is stored for it", status, proposalId);
            markProcessed(eventId, "proposal.status-changed");
            return;
        }
        if (current.get().outcome() == RoutingDecision.Outcome.WITHDRAWN) {
            // the applicant withdrew it: nothing moves it again (proposal-service does not report changes after it)
            log.info("status {} of withdrawn proposal {} ignored", status, proposalId);
            markProcessed(eventId, "proposal.status-changed");
            return;
        }
        if (WITHDRAWN.equals(status)) {
            recordWithdrawal(current.get(), payload.path("actor").asString("APPLICANT"), "status|" + eventId);
            markProcessed(eventId, "proposal.status-changed");
            return;
        }
        if ("NOT_A_PROPOSAL".equals(status)) {
            recordNotAProposal(current.get(), payload.path("note").isString() ? payload.path("note").asString() : null,
                    "status|" + eventId);
            markProcessed(eventId, "proposal.status-changed");
            return;
        }
        String causeId = "transfer|" + eventId;
        RoutingDecision decision = current.get();
        if (!causeId.equals(decision.lastCauseId())) {
            String target = payload.path("departmentCode").isString() ? payload.path("departmentCode").asString() : null;
            String from = decision.departmentCode();
            if (target != null && target.equals(from)) {
                log.info("transfer of proposal {} to its own department {} ignored", proposalId, target);
                markProcessed(eventId, "proposal.status-changed");
                return;
            }
            // an operator's transfer (e.g. the one-click assignment from triage) is an operator's correction
            String by = OPERATOR.equals(payload.path("actor").asString(null)) ? OPERATOR : TRANSFER;
            if (classifier.directory().contains(target)) {
                decision = reassign(decision, target, by, causeId);
            } else {
                String fromName = classifier.directory().find(from).map(d -> d.name()).orElse("없음");
                decision = decision.toTriage("LOW_CONFIDENCE", (OPERATOR.equals(by) ? "운영자" : "부서")
                        + " 이관 요청의 대상 부서 코드(" + target + ")가 부서 목록에 없어 운영자 확인이 필요합니다. 이관한 부서: "
                        + fromName + ".", by, causeId, clock.instant());
                decision = store(decision.withPending(causeId));
                metrics.retriaged();
                log.warn("transfer of proposal {} from {} names unknown department {}; sent to triage", proposalId,
                        from, target);
            }
        }
        // a retry of this event finds the change stored: its event is published only while it is still pending
        outbox.publish(decision);
        markProcessed(eventId, "proposal.status-changed");
    }

    /**
     * An operator judges the proposal not to be a cooperation proposal: the decision leaves the triage queue,
     * {@code proposal.triaged} (reasonCode NOT_A_PROPOSAL, decidedBy OPERATOR, the operator's reason) is published,
     * and the text is learned as a negative example at once.
     *
     * @return the new decision, empty when the proposal is unknown
     * @throws WithdrawnException when the applicant withdrew the proposal
     */
    public Optional<RoutingDecision> markNotAProposal(String proposalId, String reason, String operator) {
        Optional<RoutingDecision> current = open(proposalId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String causeId = "not-a-proposal|" + proposalId + "|" + UUID.randomUUID();
        RoutingDecision updated = store(current.get().notAProposal(reason, causeId, clock.instant())
                .withPending(causeId));
        outbox.publish(updated);
        String title = text(updated, "title");
        String content = text(updated, "content");
        learnedExamples.save(new LearnedExampleRecord(proposalId, title, content, null,
                LearnedExampleRecord.NOT_A_PROPOSAL, clock.instant()));
        classifier.learnNotAProposal(title, content);
        metrics.notAProposal();
        log.info("proposal {} marked as not a proposal by operator {}", proposalId, operator);
        return Optional.of(updated);
    }

    /**
     * proposal-service reports status NOT_A_PROPOSAL (e.g. set from its own ops console): the decision leaves the
     * triage queue and the text is learned as a negative example; nothing is published, the status is already known.
     * When the verdict came from this service's API the decision already says so and nothing changes.
     */
    private void recordNotAProposal(RoutingDecision current, String note, String causeId) {
        if (current.outcome() == RoutingDecision.Outcome.NOT_A_PROPOSAL) {
            return;
        }
        String reason = note == null || note.isBlank() ? "운영자가 협력 제안이 아니라고 판단했습니다." : note;
        RoutingDecision updated = store(current.notAProposal(reason, causeId, clock.instant()));
        learnedExamples.save(new LearnedExampleRecord(updated.proposalId(), text(updated, "title"),
                text(updated, "content"), null, LearnedExampleRecord.NOT_A_PROPOSAL, clock.instant()));
        classifier.learnNotAProposal(text(updated, "title"), text(updated, "content"));
        metrics.notAProposal();
        log.info("proposal {} is not a proposal according to proposal-service", updated.proposalId());
    }

    /**
     * proposal-service reports status WITHDRAWN (the applicant had their personal data erased while the proposal
     * was open): the decision leaves the triage queue (or its department); nothing is published, nothing learned.
     */
    private void recordWithdrawal(RoutingDecision current, String actor, String causeId) {
        store(current.withdrawn(actor, causeId, clock.instant()));
        metrics.withdrawn();
        log.info("proposal {} withdrawn ({} before)", current.proposalId(),
                current.outcome() == RoutingDecision.Outcome.ROUTED ? current.departmentCode() : current.outcome());
    }

    /**
     * Handles {@code proposal.personal-data-erased}: the personal fields of the stored decision's proposal snapshot
     * are removed ({@link PersonalDataEraser}), so a later {@code proposal.routed} carries none. Learned examples
     * hold title and content only and stay. Idempotent on the eventId, and the erasure itself changes an anonymised
     * snapshot no more.
     *
     * @param json the envelope of a {@code proposal.personal-data-erased} event
     */
    public void onPersonalDataErased(byte[] json) {
        Incoming incoming = unhandled(json, "proposal.personal-data-erased");
        if (incoming == null) {
            return;
        }
        String proposalId = incoming.proposalId();
        long erased = eraser.erase(List.of(proposalId), PersonalDataEraser.Trigger.ERASURE, clock.instant());
        if (erased > 0) {
            log.info("personal data of proposal {} erased from its routing decision", proposalId);
        } else if (decisions.findById(proposalId).isEmpty()) {
            log.warn("erasure of proposal {}: no routing decision is stored for it", proposalId);
        } else {
            log.info("personal data of proposal {} were erased from its routing decision already", proposalId);
        }
        markProcessed(incoming.eventId(), "proposal.personal-data-erased");
    }

    /**
     * Stores a changed decision without undoing an erasure that landed after it was read: the whole document is
     * replaced only while the stored snapshot is not anonymised; otherwise the change is kept with the stored
     * (anonymised) snapshot. Returns what was stored, which is what the caller publishes.
     */
    private RoutingDecision store(RoutingDecision changed) {
        if (PersonalDataEraser.anonymized(changed.proposal())) {
            return decisions.save(changed);
        }
        Query unchanged = Query.query(Criteria.where("_id").is(changed.proposalId())
                .andOperator(PersonalDataEraser.notAnonymized()));
        if (mongo.replace(unchanged, changed).getMatchedCount() == 1) {
            return changed;
        }
        return decisions.save(decisions.findById(changed.proposalId())
                .map(stored -> changed.withProposal(stored.proposal())).orElse(changed));
    }

    /** The stored decision of a proposal an operator may still act on; a withdrawn one is refused. */
    private Optional<RoutingDecision> open(String proposalId) {
        Optional<RoutingDecision> current = decisions.findById(proposalId);
        if (current.isPresent() && current.get().outcome() == RoutingDecision.Outcome.WITHDRAWN) {
            throw new WithdrawnException(proposalId);
        }
        return current;
    }

    /** The applicant withdrew the proposal: it is not assigned or judged any more. */
    public static final class WithdrawnException extends RuntimeException {
        WithdrawnException(String proposalId) {
            super("proposal " + proposalId + " was withdrawn by the applicant");
        }
    }

    private void learnRouting(RoutingDecision d, String source) {
        String title = text(d, "title");
        String content = text(d, "content");
        learnedExamples.save(new LearnedExampleRecord(d.proposalId(), title, content, d.departmentCode(), source,
                clock.instant()));
        classifier.learn(new LearnedExample(title, content, d.departmentCode()));
    }

    private static String text(RoutingDecision d, String field) {
        Object value = d.proposal() == null ? null : d.proposal().get(field);
        return value == null ? "" : String.valueOf(value);
    }

    /** An incoming envelope with its ids. */
    private record Incoming(JsonNode event, String eventId, String proposalId) {
    }

    /**
     * Reads an envelope of {@code type}; null when its eventId was handled already.
     *
     * @throws IllegalArgumentException without eventId or proposalId (the binder retries, then dead-letters it)
     */
    private Incoming unhandled(byte[] json, String type) {
        JsonNode event = mapper.readTree(json);
        String eventId = event.path("eventId").asString(null);
        String proposalId = event.path("proposalId").asString(null);
        if (eventId == null || proposalId == null) {
            throw new IllegalArgumentException(type + " without eventId or proposalId");
        }
        if (alreadyProcessed(eventId)) {
            log.debug("event {} for proposal {} already handled", eventId, proposalId);
            return null;
        }
        return new Incoming(event, eventId, proposalId);
    }

    /**
     * A key lookup: {@code existsById} counts through an aggregation, which the embedded store answers by reading
     * the whole collection.
     */
    private boolean alreadyProcessed(String eventId) {
        return processed.findById(eventId).isPresent();
    }

    private void markProcessed(String eventId, String type) {
        try {
            processed.insert(new ProcessedEvent(eventId, type, clock.instant()));
        } catch (DuplicateKeyException concurrentCopy) {
            log.debug("event {} recorded concurrently", eventId);
        }
    }

    /** Proposals waiting in the triage queue, oldest first. */
    public List<RoutingDecision> triageQueue() {
        return decisions.findByOutcomeOrderByDecidedAtAsc(RoutingDecision.Outcome.TRIAGE);
    }
}
