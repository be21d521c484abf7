package kr.seoul.sane.notification.support;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.util.Pair;

import java.util.List;

/**
 * Upserts guarded by their filter ({@code _id} and "older than this"): a document the filter does not match makes the
 * upsert insert the same {@code _id} again, which the store refuses with a duplicate key; that refusal is the
 * guard's "already as new or newer" and is not an error. Several upserts go in one unordered bulk write.
 */
public final class ConditionalUpserts {

    private static final int DUPLICATE_KEY = 11000;

    private ConditionalUpserts() {
    }

    public static void upsertAll(MongoTemplate mongo, Class<?> type, List<Pair<Query, Update>> upserts) {
        if (upserts.isEmpty()) {
            return;
        }
        try {
            if (upserts.size() == 1) {
                mongo.upsert(upserts.getFirst().getFirst(), upserts.getFirst().getSecond(), type);
            } else {
                mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type).upsert(upserts).execute();
            }
        } catch (BulkOperationException e) {
            if (!onlyDuplicateKeys(e.getErrors())) {
                throw e;
            }
        } catch (DuplicateKeyException e) {
            if (e.getCause() instanceof MongoBulkWriteException bulk && !onlyDuplicateKeys(bulk.getWriteErrors())) {
                throw e;
            }
        }
    }

    private static boolean onlyDuplicateKeys(List<BulkWriteError> errors) {
        return errors.stream().allMatch(error -> error.getCode() == DUPLICATE_KEY);
    }
}
