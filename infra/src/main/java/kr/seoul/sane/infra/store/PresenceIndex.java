package kr.seoul.sane.infra.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A secondary index whose first key is a nested path ({@code pendingEvents.occurredAt}, {@code pendingEvent.since}),
 * which the backend ignores: it keeps the documents in which the path holds a value other than null (through
 * sub-documents and arrays of them, as MongoDB reads a path). A query whose condition on the path can only match
 * such a document (a comparison, {@code $eq} or {@code $in} without null) reads only those, instead of the whole
 * collection; every condition is still checked document by document. So the outbox sweep, which looks for the few
 * proposals that still hold an event, reads those few and not every proposal ever stored.
 */
final class PresenceIndex extends SecondaryIndex {

    private static final Set<String> VALUE_OPERATORS = Set.of("$lt", "$lte", "$gt", "$gte", "$eq");

    private final String field;
    private final String[] path;
    private final Set<Integer> present = new HashSet<>();

    PresenceIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.field = keys.get(0).getKey();
        this.path = field.split("\\.");
    }

    /** Whether an index with these keys can be kept by this class (its first key a nested path). */
    static boolean supports(List<IndexKey> keys) {
        return !keys.isEmpty() && keys.get(0).getKey().contains(".") && !keys.get(0).getKey().startsWith("$");
    }

    /** Whether {@code path} (from {@code from} on) holds a value other than null in {@code value}. */
    static boolean holds(Object value, String[] path, int from) {
        if (value instanceof Collection<?> elements) {
            for (Object element : elements) {
                if (holds(element, path, from)) {
                    return true;
                }
            }
            return false;
        }
        if (from == path.length) {
            return value != null;
        }
        return value instanceof Document document && holds(document.get(path[from]), path, from + 1);
    }

    @Override
    void enter(Document document, Integer position) {
        if (holds(document, path, 0)) {
            present.add(position);
        }
    }

    @Override
    boolean filedAlike(Document oldDocument, Document newDocument) {
        return holds(oldDocument, path, 0) == holds(newDocument, path, 0);
    }

    @Override
    void leave(Integer position) {
        present.remove(position);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return query.containsKey(field) && onlyPresentMatch(query.get(field));
    }

    /** Whether a condition on the path can only match a document in which it holds a value other than null. */
    static boolean onlyPresentMatch(Object condition) {
        if (condition == null) {
            return false;
        }
        if (condition instanceof Document operators) {
            if (operators.isEmpty()) {
                return false;
            }
            for (Map.Entry<String, Object> operator : operators.entrySet()) {
                boolean valueOperator = VALUE_OPERATORS.contains(operator.getKey()) && operator.getValue() != null;
                boolean inList = operator.getKey().equals("$in") && operator.getValue() instanceof Collection<?> list
                        && !list.isEmpty() && list.stream().allMatch(v -> v != null && !(v instanceof Document));
                if (!valueOperator && !inList) {
                    return false;
                }
            }
            return true;
        }
        // a plain value: equality (a regular expression also needs a value)
        return !(condition instanceof Collection<?>);
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
        return new ArrayList<>(present);
    }

    @Override
    void clear() {
        present.clear();
    }
}
