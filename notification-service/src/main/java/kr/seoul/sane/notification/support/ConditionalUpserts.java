package kr.seoul.sane.notification.support;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.util.Pair;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Upserts guarded by their filter ({@code _id} and "older than this"): a document the filter does not match makes the
 * upsert insert the same {@code _id} again, which the store refuses with a duplicate key; that refusal is the
 * guard's "already as new or newer" and is not an error. Several upserts go in one unordered bulk write.
 */
public final class ConditionalUpserts {

    private ConditionalUpserts() {
    }

    /**
     * Runs the upserts (one bulk write when there are several).
     * @return the indexes of the upserts refused with a duplicate key (their filter matched no document)
     */
    public static Set<Integer> upsertAll(MongoTemplate mongo, Class<?> type, List<Pair<Query, Update>> upserts) {
        if (upserts.isEmpty()) {
            return Set.of();
        }
        try {
            if (upserts.size() == 1) {
                mongo.upsert(upserts.getFirst().getFirst(), upserts.getFirst().getSecond(), type);
            } else {
                mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type).upsert(upserts).execute();
            }
            return Set.of();
        } catch (BulkOperationException e) {
            return DuplicateKeys.refusedIndexes(e).orElseThrow(() -> e);
        } catch (DuplicateKeyException e) {
            if (upserts.size() == 1) {
                return Set.of(0);
            }
            Optional<Set<Integer>> refusedInBulk = DuplicateKeys.refusedIndexes(e);
            if (refusedInBulk.isPresent()) {
                return refusedInBulk.get();
            }
            // no detail about which one: each again on its own (the ones already applied match their filter now,
            // unless an equal value is stored, which is refused the same way)
            Set<Integer> refused = new HashSet<>();
            for (int i = 0; i < upserts.size(); i++) {
                if (!upsertAll(mongo, type, List.of(upserts.get(i))).isEmpty()) {
                    refused.add(i);
                }
            }
            return refused;
        }
    }
}
