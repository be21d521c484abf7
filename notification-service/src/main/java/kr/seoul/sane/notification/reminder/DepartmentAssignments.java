package kr.seoul.sane.notification.reminder;

import kr.seoul.sane.notification.support.ConditionalUpserts;
import kr.seoul.sane.notification.support.PollBuffer;
import org.springframework.data.util.Pair;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Set;

@Component
public class DepartmentAssignments {

    private final MongoTemplate mongo;

    public DepartmentAssignments(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private final PollBuffer<DepartmentAssignment> gathered = new PollBuffer<>();

    /**
     * A routing (first or after a transfer) starts the department's clock again. A conditional upsert: it only
     * replaces an older routing; the same routing replayed, or an older one, hits the unique _id and changes nothing.
     * Within a polled batch ({@link #openPoll()}) the newest routing per proposal is kept and written with the
     * batch's other writes ({@link #flush()}), in one bulk write.
     */
    public void assigned(DepartmentAssignment a) {
        if (!gathered.put(a.proposalId(), a, (earlier, later) -> later.routedAt().isAfter(earlier.routedAt())
                ? later : earlier)) {
            ConditionalUpserts.upsertAll(mongo, DepartmentAssignment.class, List.of(upsert(a)));
        }
    }

    /** Gathers this thread's routings until {@link #closePoll()}. */
    public void openPoll() {
        gathered.open();
    }

    public void closePoll() {
        gathered.close();
    }

    /** Writes the routings gathered so far in one bulk write (kept for the next attempt if it fails). */
    public void flush() {
        flush(Set.of());
    }

    /** The same, without the routings of {@code erasedProposals} (nothing is reminded of them). */
    public void flush(Set<String> erasedProposals) {
        gathered.writePending(pending -> ConditionalUpserts.upsertAll(mongo, DepartmentAssignment.class,
                pending.stream().filter(a -> !erasedProposals.contains(a.proposalId()))
                        .map(DepartmentAssignments::upsert).toList()));
    }

    private static Pair<Query, Update> upsert(DepartmentAssignment a) {
        Query older = Query.query(Criteria.where("_id").is(a.proposalId()).and("routedAt").lt(a.routedAt()));
        Update update = new Update().set("routedEventId", a.routedEventId()).set("traceparent", a.traceparent())
                .set("trackingCode", a.trackingCode()).set("title", a.title()).set("organization", a.organization())
                .set("departmentCode", a.departmentCode()).set("departmentName", a.departmentName())
                .set("routedAt", a.routedAt())
                .set("remindAt", a.remindAt()).set("escalateAt", a.escalateAt())
                .set("acted", false).set("reminded", false).set("escalated", false);
        return Pair.of(older, update);
    }

    /** The department did something with the proposal: no reminder, no escalation. */
    public void acted(String proposalId, String departmentCode) {
        flush(); // a routing gathered earlier in this batch comes first
        Criteria criteria = Criteria.where("_id").is(proposalId);
        if (departmentCode != null) {
            criteria = criteria.and("departmentCode").is(departmentCode);
        }
        mongo.updateFirst(Query.query(criteria), new Update().set("acted", true), DepartmentAssignment.class);
    }

    public List<DepartmentAssignment> dueForReminder(Instant now, int limit) {
        return mongo.find(Query.query(Criteria.where("acted").is(false).and("reminded").is(false)
                .and("remindAt").lte(now)).with(Sort.by("remindAt")).limit(limit), DepartmentAssignment.class);
    }

    public List<DepartmentAssignment> dueForEscalation(Instant now, int limit) {
        return mongo.find(Query.query(Criteria.where("acted").is(false).and("escalated").is(false)
                .and("escalateAt").lte(now)).with(Sort.by("escalateAt")).limit(limit), DepartmentAssignment.class);
    }

    public void markReminded(String proposalId, String routedEventId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(proposalId).and("routedEventId").is(routedEventId)),
                new Update().set("reminded", true), DepartmentAssignment.class);
    }

    public void markEscalated(String proposalId, String routedEventId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(proposalId).and("routedEventId").is(routedEventId)),
                new Update().set("escalated", true), DepartmentAssignment.class);
    }
}
