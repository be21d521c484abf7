package kr.seoul.sane.infra.store;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Index;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/** What the store's query planning reads from a query: the {@code _id} keys it pins, an aggregation's leading
 * {@code $match}, its shape for the scan log, and the documents an index names for it. */
final class QueryKeys {

    private static final String ID = "_id";

    private QueryKeys() {
    }

    /** The fields and operators of a query without its values, e.g. {@code {status:$in, since:$lt}}. */
    static String shape(Object query) {
        if (query instanceof Document document) {
            StringBuilder out = new StringBuilder("{");
            document.forEach((key, value) -> {
                if (out.length() > 1) {
                    out.append(", ");
                }
                out.append(key);
                if (value instanceof Document || value instanceof Collection<?>) {
                    out.append(':').append(shape(value));
                }
            });
            return out.append('}').toString();
        }
        if (query instanceof Collection<?> terms) {
            return terms.stream().map(QueryKeys::shape).distinct()
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        return "";
    }

    /**
     * The condition of an aggregate command's first stage when that is a {@code $match} with a condition (the
     * documents its source has to read), or null.
     */
    static Document leadingMatch(Document aggregateCommand) {
        if (aggregateCommand.get("pipeline") instanceof java.util.List<?> stages && !stages.isEmpty()
                && stages.get(0) instanceof Document first && first.size() == 1
                && first.get("$match") instanceof Document match && !match.isEmpty()) {
            return match;
        }
        return null;
    }

    /** The keys of an {@code _id: {$in: [plain values]}}, at the top or inside a top-level {@code $and}, or null. */
    static Collection<?> idsOf(Document query) {
        Collection<?> keys = keysIn(query.get(ID));
        if (keys == null && query.get("$and") instanceof Collection<?> terms) {
            for (Object term : terms) {
                if (term instanceof Document condition && (keys = keysIn(condition.get(ID))) != null) {
                    break;
                }
            }
        }
        return keys;
    }

    private static Collection<?> keysIn(Object condition) {
        if (condition instanceof Document operators && operators.size() == 1
                && operators.get("$in") instanceof Collection<?> keys
                && keys.stream().allMatch(QueryKeys::isPlainValue)) {
            return keys;
        }
        return null;
    }

    /** The one {@code _id} the query asks for by equality, at the top or inside a top-level {@code $and}. */
    static Object keyOf(Document query) {
        Object id = query.get(ID);
        if (isPlainValue(id)) {
            return id;
        }
        if (query.get("$and") instanceof Collection<?> terms) {
            for (Object term : terms) {
                if (term instanceof Document condition && isPlainValue(condition.get(ID))) {
                    return condition.get(ID);
                }
            }
        }
        return null;
    }

    private static boolean isPlainValue(Object id) {
        return id != null && !(id instanceof Document) && !(id instanceof Collection<?>)
                && !BsonRegularExpression.isRegularExpression(id);
    }

    /**
     * The positions of the documents that can match the query, from one of a collection's {@code indexes}, or null
     * when only reading every document answers it. Beyond the backend's rule (an index whose keys are exactly the
     * query's fields): one {@code _id} by equality beside other conditions (the guarded single-document updates),
     * and {@code _id: {$in: [...]}} (a batch's idempotency check), each key looked up in the {@code _id} index.
     */
    static Iterable<Integer> candidates(Document query, List<Index<Integer>> indexes) {
        Object id = keyOf(query);
        Collection<?> ids = id != null ? List.of(id) : idsOf(query);
        Index<Integer> keys = ids != null ? idIndex(indexes) : null;
        if (keys != null) {
            Set<Integer> positions = new LinkedHashSet<>();
            for (Object key : ids) {
                keys.getPositions(new Document(ID, key)).forEach(positions::add);
            }
            return positions;
        }
        for (Index<Integer> index : indexes) {
            if (index.canHandle(query)) {
                return index.getPositions(query);
            }
        }
        return null;
    }

    private static Index<Integer> idIndex(List<Index<Integer>> indexes) {
        Document probe = new Document(ID, "");
        for (Index<Integer> index : indexes) {
            if (index.canHandle(probe)) {
                return index;
            }
        }
        return null;
    }
}
