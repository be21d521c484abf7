package kr.seoul.sane.infra.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique index on the first key of a secondary index (the backend ignores those: every query on them read the
 * whole collection), for equality only: the documents grouped by the value of one top-level field. A query that
 * pins the field to one value or a list ({@code status: "PENDING"}, {@code status: {$in: [...]}}), at the top or in
 * every branch of a top-level {@code $or}, reads only the documents with those values; every other condition of the
 * query is still checked document by document. So the senders' backlog query reads the few unsent mails, not every
 * mail ever sent. Documents whose field holds an array, a number, a date or a sub-document are kept aside and always
 * read; documents without the field (or null there) are never read for such a query, nor for
 * {@code {field: {$ne: null}}}, which reads every other document (the overdue gauge's few proposals).
 */
final class EqualityIndex extends SecondaryIndex {

    private final String field;
    private final Map<Object, Set<Integer>> byValue = new HashMap<>();
    private final Set<Integer> unsorted = new HashSet<>();
    private final Map<Integer, Object> valueByPosition = new HashMap<>();

    EqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys, false);
        this.field = keys.get(0).getKey();
    }

    /** Whether an index with these keys can be kept by this class (its first key a top-level field). */
    static boolean supports(List<IndexKey> keys) {
        return !keys.isEmpty() && !keys.get(0).getKey().contains(".") && !keys.get(0).getKey().equals(ID);
    }

    /** A document without the field (or null there) is in no set: no condition this index answers can match it. */
    @Override
    void enter(Document document, Integer position) {
        Object value = document.get(field);
        valueByPosition.put(position, value);
        if (value == null) {
            return;
        }
        if (indexable(value)) {
            byValue.computeIfAbsent(value, v -> new HashSet<>()).add(position);
        } else {
            unsorted.add(position);
        }
    }

    @Override
    boolean filedAlike(Document oldDocument, Document newDocument) {
        Object before = oldDocument.get(field);
        Object after = newDocument.get(field);
        // a value kept aside is compared by its own equals, which may not follow MongoDB's rules: moved to be safe
        return before == null ? after == null : indexable(before) && before.equals(after);
    }

    @Override
    void leave(Integer position) {
        Object value = valueByPosition.remove(position);
        unsorted.remove(position);
        Set<Integer> positions = byValue.get(value);
        if (positions != null) {
            positions.remove(position);
            if (positions.isEmpty()) {
                byValue.remove(value);
            }
        }
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return valuesAsked(query) != null || asksForAValue(query);
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
        Collection<Object> values = valuesAsked(query);
        Set<Integer> positions = new LinkedHashSet<>(unsorted);
        if (values == null) {
            // {field: {$ne: null}}: every document that holds a value
            byValue.values().forEach(positions::addAll);
        } else {
            for (Object value : values) {
                positions.addAll(byValue.getOrDefault(value, Set.of()));
            }
        }
        return new ArrayList<>(positions);
    }

    /** The values a query pins the field to (in every {@code $or} branch), or null when it does not. */
    private Collection<Object> valuesAsked(Document query) {
        Collection<Object> direct = pinned(query.get(field), query.containsKey(field));
        if (direct != null) {
            return direct;
        }
        if (query.get("$or") instanceof Collection<?> branches && !branches.isEmpty()) {
            List<Object> values = new ArrayList<>();
            for (Object branch : branches) {
                if (!(branch instanceof Document condition)) {
                    return null;
                }
                Collection<Object> asked = pinned(condition.get(field), condition.containsKey(field));
                if (asked == null) {
                    return null;
                }
                values.addAll(asked);
            }
            return values;
        }
        return null;
    }

    /** {@code {field: {$ne: null}}}: only a document that holds a value there can match. */
    private boolean asksForAValue(Document query) {
        return query.get(field) instanceof Document operators && operators.size() == 1
                && operators.containsKey("$ne") && operators.get("$ne") == null;
    }

    private static Collection<Object> pinned(Object condition, boolean present) {
        if (!present) {
            return null;
        }
        if (condition instanceof Document operators) {
            if (operators.size() == 1 && operators.get("$in") instanceof Collection<?> list
                    && list.stream().allMatch(EqualityIndex::indexable)) {
                return new ArrayList<>(list);
            }
            if (operators.size() == 1 && operators.containsKey("$eq") && indexable(operators.get("$eq"))) {
                return List.of(operators.get("$eq"));
            }
            return null;
        }
        return indexable(condition) ? List.of(condition) : null;
    }

    /** Plain values only: strings, booleans and the like. Numbers, null, arrays and documents are matched by rules
     * (1 equals 1.0, null matches a missing field, an array matches its elements) that a map key does not follow. */
    private static boolean indexable(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Enum<?>;
    }

    @Override
    void clear() {
        byValue.clear();
        unsorted.clear();
        valueByPosition.clear();
    }
}
