package kr.seoul.sane.notification.support;

import org.springframework.data.mongodb.core.query.Criteria;

import java.util.Collection;

/**
 * A criterion for "one of these ids" that names their range first. The retention job works on pages of ids in
 * ascending order; a store that answers it without an index (the embedded one tests a long {@code $in} list on every
 * document) then tests the list only for the documents inside the page's range.
 */
public final class IdRange {

    private IdRange() {
    }

    /** {@code field} between the smallest and the largest of {@code ids}, and one of them; {@code ids} not empty. */
    public static Criteria within(String field, Collection<String> ids) {
        String first = ids.stream().min(String::compareTo).orElseThrow();
        String last = ids.stream().max(String::compareTo).orElseThrow();
        return Criteria.where(field).gte(first).lte(last).in(ids);
    }
}
