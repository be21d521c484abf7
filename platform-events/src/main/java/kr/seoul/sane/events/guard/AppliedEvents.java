package kr.seoul.sane.events.guard;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.Collection;

/**
 * A consumer's idempotency guard, written into the same MongoDB update as the event's effect. The changed document
 * keeps the ids of the events applied to it in one array field; the effect's query matches the document only while
 * that array lacks the event's id, and the effect's update adds the id. A redelivered event then matches nothing and
 * changes nothing, and there is no separate "processed" write that could be lost, or done twice, between the effect
 * and the guard.
 *
 * <p>Used as {@code mongo.updateFirst(guard.unlessApplied(id, eventId), guard.applied(effect, eventId), …)}; an
 * upsert with that query inserts the document with the id, and on a document that holds the id it meets the unique
 * {@code _id} (a duplicate key, i.e. already applied).
 *
 * @param field the array of applied event ids in the guarded documents (e.g. {@code processedEventIds})
 */
public record AppliedEvents(String field) {

    public AppliedEvents {
        if (field == null || field.isBlank() || field.equals("_id")) {
            throw new IllegalArgumentException("the guard needs an array field of its own, not '" + field + "'");
        }
    }

    /** The condition "the event was not applied to the document yet", to add to the effect's query. */
    public Criteria notApplied(String eventId) {
        return Criteria.where(field).ne(eventId);
    }

    /** {@code {_id: id, <field>: {$ne: eventId}}}: the document the effect changes, unless the event changed it. */
    public Query unlessApplied(Object id, String eventId) {
        return Query.query(Criteria.where("_id").is(id).and(field).ne(eventId));
    }

    /** Records the event as applied, in the update that carries its effect (returns {@code effect}). */
    public Update applied(Update effect, String eventId) {
        return effect.push(field, eventId);
    }

    /** The condition "one of these events was applied to the document": which of a batch's events to skip. */
    public Criteria anyApplied(Collection<String> eventIds) {
        return Criteria.where(field).in(eventIds);
    }
}
