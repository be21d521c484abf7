package kr.seoul.sane.proposal.actions;

import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.proposal.lifecycle.OpinionRules;
import kr.seoul.sane.proposal.lifecycle.ProposalState;
import kr.seoul.sane.proposal.lifecycle.StatusChanged;
import kr.seoul.sane.proposal.lifecycle.Transition;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.SupportingOpinion;
import kr.seoul.sane.proposal.outbox.OutboxRelay;
import kr.seoul.sane.proposal.outbox.StatusChangedEvents;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proposals as the lifecycle changes them: reads a proposal's state and writes a {@link Transition} as one
 * update of the proposal document, guarded as the transition says, with its timeline entry and its pending events
 * (outbox); the relay then publishes the events.
 */
@Repository
public class ProposalStore {

    private final MongoTemplate mongo;
    private final StatusChangedEvents events;
    private final OutboxRelay relay;
    private final MeterRegistry meters;

    public ProposalStore(MongoTemplate mongo, StatusChangedEvents events, OutboxRelay relay, MeterRegistry meters) {
        this.mongo = mongo;
        this.events = events;
        this.relay = relay;
        this.meters = meters;
    }

    public Optional<Proposal> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Proposal.class));
    }

    /** What the lifecycle decides on. */
    public static ProposalState state(Proposal p) {
        return new ProposalState(p.getId(), p.getTrackingCode(), p.getStatus(), p.getStateVersion(),
                p.getDepartmentCode());
    }

    /** A transition as one guarded update, with its events as pending events of the outbox. */
    public record Write(Query guard, Update update, List<PendingEvent> events) {
    }

    public Write write(Transition t) {
        return write(t, null, new Update(), List.of());
    }

    /** The same, with further fields changed in the same update. */
    public Write write(Transition t, Update alsoChanged) {
        return write(t, null, alsoChanged, List.of());
    }

    /**
     * Records a supporting department's opinion with its timeline entry, in one update guarded by: the proposal is
     * open ({@link OpinionRules#OPEN}), the department is one of its supporting departments and has given no opinion
     * yet. The status and the state version stay: a decision being taken meanwhile still applies.
     *
     * @return true when recorded, false when the guard did not hold
     */
    public boolean addOpinion(String proposalId, SupportingOpinion opinion) {
        Query guard = Query.query(Criteria.where("_id").is(proposalId)
                .and("status").in(OpinionRules.OPEN)
                .and("supportingDepartments.code").is(opinion.departmentCode())
                .and("supportingOpinions.departmentCode").ne(opinion.departmentCode()));
        Update update = new Update().push("supportingOpinions", opinion).push("timeline", OpinionRules.entry(opinion));
        return mongo.updateFirst(guard, update, Proposal.class).getModifiedCount() == 1;
    }

    /**
     * Writes {@code t}; true when the guard held and the proposal changed, false when it changed meanwhile.
     */
    public boolean apply(Transition t) {
        return apply(t, write(t));
    }

    /**
     * Writes {@code t} together with more of the same change in the same update: a further condition, further
     * fields and further events (published after the transition's).
     */
    public boolean apply(Transition t, Criteria alsoRequired, Update alsoChanged, List<PendingEvent> alsoEvents) {
        return apply(t, write(t, alsoRequired, alsoChanged, alsoEvents));
    }

    /** Records a consumed event that changed nothing, so a redelivery is not looked at again. */
    public void markProcessed(String proposalId, String eventId) {
        mongo.updateFirst(Proposal.APPLIED_EVENTS.unlessApplied(proposalId, eventId),
                Proposal.APPLIED_EVENTS.applied(new Update(), eventId), Proposal.class);
    }

    private boolean apply(Transition t, Write w) {
        if (mongo.updateFirst(w.guard(), w.update(), Proposal.class).getModifiedCount() != 1) {
            return false;
        }
        w.events().forEach(event -> relay.publishSoon(t.guard().proposalId(), event));
        for (StatusChanged c : t.events()) {
            meters.counter("sane.proposals.status.changes", "status", c.status().name(), "actor", c.actor().name())
                    .increment();
        }
        return true;
    }

    private Write write(Transition t, Criteria alsoRequired, Update update, List<PendingEvent> alsoEvents) {
        Query guard = guard(t.guard());
        if (alsoRequired != null) {
            guard.addCriteria(alsoRequired);
        }
        if (t.status() != null) {
            update.set("status", t.status())
                    .inc("stateVersion", 1)
                    // someone acted: no longer overdue
                    .unset("overdueSince");
            if (t.transferTo() != null) {
                update.set("transferTo", t.transferTo());
            } else {
                update.unset("transferTo");
            }
        }
        if (t.department() != null && t.department().code() != null) {
            update.set("departmentCode", t.department().code()).set("departmentName", t.department().name());
        } else if (t.department() != null) {
            update.unset("departmentCode").unset("departmentName");
        }
        if (t.routedAt() != null) {
            update.set("routedAt", t.routedAt());
        }
        if (t.triage() != null) {
            update.set("triage", t.triage());
        }
        update.push("timeline", t.timeline());
        List<PendingEvent> pending = new ArrayList<>();
        for (StatusChanged c : t.events()) {
            pending.add(event(c));
        }
        pending.addAll(alsoEvents);
        if (!pending.isEmpty()) {
            update.push("pendingEvents").each(pending.toArray());
        }
        if (t.processedEventId() != null) {
            Proposal.APPLIED_EVENTS.applied(update, t.processedEventId());
        }
        return new Write(guard, update, List.copyOf(pending));
    }

    private PendingEvent event(StatusChanged c) {
        String actor = c.actor().name();
        return c.eventId() == null
                ? events.of(c.proposalId(), c.trackingCode(), c.status(), c.previous(), c.departmentCode(), actor,
                c.note(), c.at())
                : events.of(c.eventId(), c.proposalId(), c.trackingCode(), c.status(), c.previous(),
                c.departmentCode(), actor, c.note(), c.at());
    }

    private static Query guard(Transition.Guard g) {
        Query query = Query.query(Criteria.where("_id").is(g.proposalId()));
        if (g.statuses().size() == 1) {
            query.addCriteria(Criteria.where("status").is(g.statuses().iterator().next()));
        } else {
            query.addCriteria(Criteria.where("status").in(g.statuses()));
        }
        if (g.unprocessedEventId() != null) {
            query.addCriteria(Proposal.APPLIED_EVENTS.notApplied(g.unprocessedEventId()));
        }
        List<Criteria> either = new ArrayList<>();
        if (g.stateVersion() != null) {
            // documents written before the version was kept have none
            either.add(g.stateVersion() == 0
                    ? new Criteria().orOperator(Criteria.where("stateVersion").is(0L),
                    Criteria.where("stateVersion").exists(false))
                    : Criteria.where("stateVersion").is(g.stateVersion()));
        }
        if (g.routedBefore() != null) {
            either.add(new Criteria().orOperator(Criteria.where("routedAt").is(null),
                    Criteria.where("routedAt").lt(g.routedBefore())));
        }
        if (either.size() == 1) {
            query.addCriteria(either.getFirst());
        } else if (either.size() > 1) {
            query.addCriteria(new Criteria().andOperator(either));
        }
        return query;
    }
}
