package kr.seoul.sane.routing.decision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The outbox inside the decision document ({@link RoutingDecision#pendingCauseId}): a change and its pending event are
 * stored in one write; the entry is cleared only after the broker acknowledged the event (one bulk write for a whole
 * batch). A relay publishes what a crash or a broker outage left pending (e.g. an operator's assignment whose
 * publish failed), under the same event id, so consumers drop a copy. The relay looks into the store only when
 * something can be pending: once after the start (a predecessor may have crashed), after a failed publish of this
 * instance until nothing is pending any more, and every {@code sane.routing.outbox.sweep} (30 min: another instance
 * that died for good); otherwise an idle service issues no relay query.
 */
@Component
class DecisionOutbox {

    private static final Logger log = LoggerFactory.getLogger(DecisionOutbox.class);
    static final String FIELD = "pendingCauseId";

    private final MongoTemplate mongo;
    private final RoutingEventPublisher publisher;
    private final Duration relayAge;
    private final Clock clock;
    /** Looks while entries may be pending: at start, after a failed publish, while young entries wait. */
    private final OutboxRelayGate gate;

    DecisionOutbox(MongoTemplate mongo, RoutingEventPublisher publisher,
                   @Value("${sane.routing.outbox.relay-age:30s}") Duration relayAge,
                   @Value("${sane.routing.outbox.sweep:30m}") Duration sweep, Clock clock) {
        this.clock = clock;
        this.gate = new OutboxRelayGate(clock, sweep);
        this.mongo = mongo;
        this.publisher = publisher;
        this.relayAge = relayAge;
    }

    /** Publishes the decision's pending event, waits for the acknowledgement, then clears the entry. */
    void publish(RoutingDecision decision) {
        if (decision.pendingCauseId() == null) {
            return;
        }
        try {
            publisher.publish(decision, decision.pendingCauseId());
        } catch (RuntimeException e) {
            gate.mayBePending();
            throw e;
        }
        clear(List.of(decision));
    }

    /** A publish failed somewhere else (a batch): the relay looks again. */
    void publishFailed() {
        gate.mayBePending();
    }

    /**
     * Clears the entries of decisions whose events the broker acknowledged: one unordered bulk write; an entry that
     * meanwhile names another cause (a newer change) stays.
     */
    void clear(Collection<RoutingDecision> published) {
        List<RoutingDecision> pending = published.stream().filter(d -> d.pendingCauseId() != null).toList();
        if (pending.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, RoutingDecision.class);
        for (RoutingDecision d : pending) {
            bulk.updateOne(Query.query(Criteria.where("_id").is(d.proposalId()).and(FIELD).is(d.pendingCauseId())),
                    new Update().unset(FIELD));
        }
        bulk.execute();
    }

    /**
     * Publishes entries older than {@code sane.routing.outbox.relay-age} (their first publish failed or crashed);
     * younger ones are left to their own publish, and the relay looks again next time.
     */
    @Scheduled(fixedDelayString = "${sane.routing.outbox.relay-interval:60s}", initialDelayString = "${sane.routing.outbox.relay-interval:60s}")
    void relay() {
        if (!gate.shouldLook()) {
            return;
        }
        try {
            List<RoutingDecision> pending = mongo.find(Query.query(Criteria.where(FIELD).ne(null)).limit(500),
                    RoutingDecision.class);
            Instant old = clock.instant().minus(relayAge);
            List<RoutingDecision> stale = pending.stream().filter(d -> d.decidedAt() == null || d.decidedAt().isBefore(old))
                    .toList();
            if (stale.size() < pending.size() || pending.size() == 500) {
                gate.mayBePending();
            }
            if (stale.isEmpty()) {
                return;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>();
            stale.forEach(d -> sends.add(publisher.send(d, d.pendingCauseId())));
            RoutingEventPublisher.await(sends);
            clear(stale);
            log.info("outbox relay published {} pending routing events", stale.size());
        } catch (RuntimeException e) {
            gate.mayBePending();
            log.warn("outbox relay: {}", e.toString());
        }
    }
}
