package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.proposal.actions.ProposalStore;
import kr.seoul.sane.proposal.model.PersonalData;
import kr.seoul.sane.proposal.model.Proposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.List;

/**
 * The effects of one consumed batch, written with one ordered bulk write: each is a guarded update of one proposal
 * that records the event id together with the effect ("event id not yet processed" in the filter), so a
 * redelivered batch changes nothing twice, and the order of one proposal's events is kept.
 */
final class EffectBatch {

    private static final Logger log = LoggerFactory.getLogger(EffectBatch.class);
    /** How long a failing store is tried again before the batch goes to the listener container's error handler. */
    static final long RETRY_MILLIS = 60_000;
    private static final long MAX_PAUSE_MILLIS = 8_000;

    private final MongoTemplate mongo;
    private final List<Query> queries = new ArrayList<>();
    private final List<Update> updates = new ArrayList<>();

    EffectBatch(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void add(Query query, Update update) {
        queries.add(query);
        updates.add(update);
    }

    /** A lifecycle transition caused by a consumed event (it publishes no event of its own). */
    void add(ProposalStore.Write write) {
        if (!write.events().isEmpty()) {
            throw new IllegalArgumentException("a batched effect publishes no event");
        }
        add(write.guard(), write.update());
    }

    int size() {
        return queries.size();
    }

    /**
     * Writes what was collected (one round trip) and starts over. A failing store (e.g. restarting) is tried
     * again with growing pauses for {@link #RETRY_MILLIS}, well within the consumer's poll interval; then the
     * exception goes to the container's error handler ({@link ProposalEventListener}), which delivers the batch
     * again and finally dead-letters it (replayable: the updates are idempotent).
     */
    void flush() {
        if (queries.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + RETRY_MILLIS * 1_000_000;
        long pause = 500;
        while (true) {
            try {
                BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, Proposal.class);
                for (int i = 0; i < queries.size(); i++) {
                    bulk.updateOne(queries.get(i), updates.get(i));
                }
                int modified = bulk.execute().getModifiedCount();
                if (modified < queries.size()) {
                    log.info("{} of {} consumed event(s) changed nothing (already processed, unknown proposal or "
                            + "stale)", queries.size() - modified, queries.size());
                }
                queries.clear();
                updates.clear();
                return;
            } catch (DataAccessException e) {
                if (System.nanoTime() + pause * 1_000_000 - deadline > 0) {
                    throw e;
                }
                log.warn("bulk write of {} consumed event(s) failed ({}); trying again in {} ms", queries.size(),
                        PersonalData.describe(e), pause);
                try {
                    Thread.sleep(pause);
                    pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
