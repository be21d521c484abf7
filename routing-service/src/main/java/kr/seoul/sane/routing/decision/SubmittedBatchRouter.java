package kr.seoul.sane.routing.decision;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.UnreadableEventException;
import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.ProposalText;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Routes a batch of {@code proposal.submitted} events with a fixed number of store round trips whatever its size:
 * every new decision is classified and inserted in one unordered bulk insert, its event waiting in the decision's
 * outbox ({@link RoutingDecision#pendingCauseId}); one read finds those whose applicant's erasure came first
 * ({@link ErasedProposals}); the events of the whole batch are handed to the producer at once
 * and their acknowledgements awaited together; then one bulk write clears the outbox entries.
 * <p>
 * The guard against a second effect is the insert itself: the decision's {@code _id} is the proposal id (unique),
 * so a redelivered event, or one a second instance handles at the same time, fails to insert; for those the stored
 * decision is read and published only while its outbox entry is still pending (the instance that stored it crashed
 * before the acknowledgement), under the same event id.
 */
@Component
class SubmittedBatchRouter {

    private static final Logger log = LoggerFactory.getLogger(SubmittedBatchRouter.class);
    private static final int DUPLICATE_KEY = 11000;

    /** A readable {@code proposal.submitted} envelope's payload and ids with the trace it belongs to. */
    record Submitted(JsonNode payload, String eventId, String proposalId, String traceparent) {
    }

    private final RoutingClassifier classifier;
    private final MongoTemplate mongo;
    private final RoutingEventPublisher publisher;
    private final DecisionOutbox outbox;
    private final ErasedProposals tombstones;
    private final PersonalDataEraser eraser;
    private final RoutingMetrics metrics;
    private final EventTracing tracing;
    private final Clock clock;
    private final EnvelopeReader reader;
    private final JsonMapper mapper = JsonMapper.builder().build();

    SubmittedBatchRouter(RoutingClassifier classifier, MongoTemplate mongo, RoutingEventPublisher publisher,
                         DecisionOutbox outbox, ErasedProposals tombstones, PersonalDataEraser eraser,
                         RoutingMetrics metrics, EventTracing tracing, Clock clock, EnvelopeReader reader) {
        this.reader = reader;
        this.tombstones = tombstones;
        this.eraser = eraser;
        this.clock = clock;
        this.classifier = classifier;
        this.mongo = mongo;
        this.publisher = publisher;
        this.outbox = outbox;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /**
     * Reads one envelope; {@code headerTraceparent} is the record's {@code traceparent} header, used when the
     * envelope names no trace.
     *
     * @throws UnreadableEventException when it is not an envelope with eventId, proposalId and payload (a dead
     *                                   letter)
     */
    Submitted read(byte[] json, String headerTraceparent) {
        Envelope<JsonNode> e = reader.read(json, RoutingEventsBinding.SUBMITTED);
        return new Submitted(e.payload(), e.eventId(), e.proposalId(),
                e.traceparent() != null ? e.traceparent() : headerTraceparent);
    }

    /** Routes the batch; returns when every event it publishes is acknowledged and the outbox is cleared. */
    void route(List<Submitted> batch) {
        Map<String, Submitted> byProposal = new LinkedHashMap<>();
        Map<String, RoutingDecision> decided = new LinkedHashMap<>();
        for (Submitted s : batch) {
            if (byProposal.putIfAbsent(s.proposalId(), s) == null) {
                decided.put(s.proposalId(), tracing.within(s.traceparent(), "route proposal", () -> decide(s)));
            }
        }
        Set<String> stored = insert(decided.values());
        stripErasedBeforeRouting(stored, decided);
        List<RoutingDecision> toPublish = new ArrayList<>();
        for (RoutingDecision d : decided.values()) {
            if (stored.contains(d.proposalId())) {
                toPublish.add(d);
            }
        }
        Set<String> existing = new HashSet<>(decided.keySet());
        existing.removeAll(stored);
        if (!existing.isEmpty()) {
            // redelivered (or handled by another instance at the same time): publish only what is still pending
            for (RoutingDecision d : mongo.find(Query.query(Criteria.where("_id").in(existing)), RoutingDecision.class)) {
                if (d.pendingCauseId() != null) {
                    toPublish.add(d);
                } else {
                    log.debug("proposal {} was routed already; event {} changes nothing", d.proposalId(),
                            byProposal.get(d.proposalId()).eventId());
                }
            }
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(toPublish.size());
        for (RoutingDecision d : toPublish) {
            String traceparent = byProposal.get(d.proposalId()).traceparent();
            sends.add(tracing.within(traceparent, "route proposal", () -> {
                if (stored.contains(d.proposalId())) {
                    metrics.decided(d);
                    log.debug("proposal {} ({}) -> {} confidence {}", d.proposalId(), d.trackingCode(),
                            d.outcome() == RoutingDecision.Outcome.ROUTED ? d.departmentCode()
                                    : "TRIAGE/" + d.triageReason(), d.confidence());
                }
                return publisher.send(d, d.pendingCauseId());
            }));
        }
        try {
            RoutingEventPublisher.await(sends);
        } catch (RuntimeException e) {
            outbox.publishFailed();
            throw e;
        }
        outbox.clear(toPublish);
    }

    /**
     * The applicants who had their personal data erased before their proposal was routed (read after the insert, see
     * {@link ErasedProposals}): their stored decisions lose the contact, and what is published is the stripped copy.
     */
    private void stripErasedBeforeRouting(Set<String> stored, Map<String, RoutingDecision> decided) {
        Set<String> erased = tombstones.among(stored);
        if (erased.isEmpty()) {
            return;
        }
        eraser.erase(erased, PersonalDataEraser.Trigger.ERASURE, clock.instant());
        for (RoutingDecision d : mongo.find(Query.query(Criteria.where("_id").in(erased)), RoutingDecision.class)) {
            decided.put(d.proposalId(), d);
            log.info("proposal {} was erased before it was routed: stored and published without the contact",
                    d.proposalId());
        }
    }

    /** Inserts the decisions in one unordered bulk write; returns the proposal ids that were inserted. */
    private Set<String> insert(java.util.Collection<RoutingDecision> decisions) {
        List<RoutingDecision> list = List.copyOf(decisions);
        Set<String> inserted = new HashSet<>();
        list.forEach(d -> inserted.add(d.proposalId()));
        if (list.isEmpty()) {
            return inserted;
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, RoutingDecision.class).insert(list).execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                inserted.remove(list.get(error.getIndex()).proposalId());
            }
        } catch (org.springframework.dao.DuplicateKeyException e) {
            if (!(e.getCause() instanceof MongoBulkWriteException bulk)) {
                throw e;
            }
            for (BulkWriteError error : bulk.getWriteErrors()) {
                inserted.remove(list.get(error.getIndex()).proposalId());
            }
        }
        return inserted;
    }

    private RoutingDecision decide(Submitted s) {
        JsonNode payload = s.payload();
        JsonNode p = payload.path("proposal");
        ProposalText text = new ProposalText(p.path("title").asString(""), p.path("content").asString(""),
                p.path("field").isString() ? p.path("field").asString() : null,
                p.path("organizationType").asString(null), p.path("organization").asString(null),
                payload.path("suspicious").asBoolean(false));
        Classification c = classifier.classify(text);
        @SuppressWarnings("unchecked")
        Map<String, Object> snapshot = mapper.convertValue(p, Map.class);
        List<RoutingDecision.CandidateScore> candidates = c.candidates().stream()
                .map(x -> new RoutingDecision.CandidateScore(x.departmentCode(), x.score())).toList();
        double confidence = Math.round(c.confidence() * 1000) / 1000.0;
        String eventId = s.eventId();
        String trackingCode = p.path("trackingCode").asString(null);
        return c.autoRouted()
                ? new RoutingDecision(s.proposalId(), eventId, trackingCode, RoutingDecision.Outcome.ROUTED,
                c.topDepartment(), candidates, confidence, c.reasons(), null, null, "AUTO", null, clock.instant(),
                s.traceparent(), snapshot, eventId, c.supportingDepartments(), eventId)
                : new RoutingDecision(s.proposalId(), eventId, trackingCode, RoutingDecision.Outcome.TRIAGE, null,
                candidates, confidence, c.reasons(), c.triageReason().name(), c.triageExplanation(), null, null,
                clock.instant(), s.traceparent(), snapshot, eventId, List.of(), eventId);
    }
}
