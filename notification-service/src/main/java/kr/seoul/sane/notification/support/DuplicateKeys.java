package kr.seoul.sane.notification.support;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.BulkOperationException;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which writes of an unordered bulk write the store refused with a duplicate key (the unique index's "known"). */
public final class DuplicateKeys {

    private static final int DUPLICATE_KEY = 11000;

    private DuplicateKeys() {
    }

    /**
     * The indexes (in the bulk's order) of the writes refused with a duplicate key; empty when the failure does not
     * say which writes failed.
     * @throws DataAccessException {@code failure} itself when a write failed for another reason
     */
    public static Optional<Set<Integer>> refusedIndexes(DataAccessException failure) {
        List<BulkWriteError> errors;
        if (failure instanceof BulkOperationException bulk) {
            errors = bulk.getErrors();
        } else if (failure.getCause() instanceof MongoBulkWriteException bulk) {
            errors = bulk.getWriteErrors();
        } else {
            return Optional.empty();
        }
        if (!errors.stream().allMatch(error -> error.getCode() == DUPLICATE_KEY)) {
            throw failure;
        }
        Set<Integer> refused = new HashSet<>();
        errors.forEach(error -> refused.add(error.getIndex()));
        return Optional.of(refused);
    }
}
