package kr.seoul.sane.proposal.actions;

import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.Lifecycle;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.outbox.OutboxRelay;
import kr.seoul.sane.proposal.outbox.StatusChangedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Applies one lifecycle step: checks it against {@link Lifecycle}, then writes the new status, the timeline entry
 * and the pending {@code proposal.status-changed} event in one update of the proposal document, guarded by the
 * status and state version it was decided on. The outbox relay publishes the event.
 */
@Service
public class StatusChangeService {

    private static final Logger log = LoggerFactory.getLogger(StatusChangeService.class);
    private static final int ATTEMPTS = 3;

    private final MongoTemplate mongo;
    private final StatusChangedEvents events;
    private final OutboxRelay relay;
    private final DepartmentDirectory departments;
    private final MeterRegistry meters;
    private final Clock clock;

    StatusChangeService(MongoTemplate mongo, StatusChangedEvents events, OutboxRelay relay,
                        DepartmentDirectory departments, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.events = events;
        this.relay = relay;
        this.departments = departments;
        this.meters = meters;
    }

    /**
     * @param expectedDepartment the department the actor acts for (a link's department), or null when the actor is
     *                           not a department (applicant, operator)
     */
    public record Command(String proposalId, Action action, Actor actor, String note, String targetDepartment,
                          String expectedDepartment) {
    }

    public record Result(String proposalId, String trackingCode, ProposalStatus previous, ProposalStatus status,
                         String departmentCode) {
    }

    /** The proposal does not exist. */
    public static class NotFoundException extends RuntimeException {
        NotFoundException() {
            super("제안을 찾을 수 없습니다.");
        }
    }

    /** The acting department is not (or no longer) the one in charge of the proposal. */
    public static class WrongDepartmentException extends RuntimeException {
        public static final String MESSAGE =
                "이 링크는 지금 이 제안을 맡은 부서의 링크가 아닙니다. 제안이 다른 부서로 이송되었을 수 있습니다.";

        WrongDepartmentException() {
            super(MESSAGE);
        }
    }

    /** What came with the action is incomplete or wrong. */
    public static class InvalidActionException extends RuntimeException {
        private final List<Lifecycle.Problem> problems;

        InvalidActionException(List<Lifecycle.Problem> problems) {
            super(problems.getFirst().message());
            this.problems = List.copyOf(problems);
        }

        public List<Lifecycle.Problem> problems() {
            return problems;
        }
    }

    public Result change(Command c) {
        ProposalStatus decidedOn = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Proposal p = mongo.findById(c.proposalId(), Proposal.class);
            if (p == null) {
                throw new NotFoundException();
            }
            if (decidedOn == null) {
                decidedOn = p.getStatus();
            } else if (decidedOn != p.getStatus()) {
                // another decision was applied in between: this one was made on a state that no longer exists
                break;
            }
            if (c.expectedDepartment() != null && !c.expectedDepartment().equals(p.getDepartmentCode())) {
                throw new WrongDepartmentException();
            }
            ProposalStatus previous = p.getStatus();
            ProposalStatus next = Lifecycle.next(previous, c.action());
            List<Lifecycle.Problem> problems = Lifecycle.check(c.action(), c.note(), c.targetDepartment(),
                    p.getDepartmentCode(), departments::contains);
            if (!problems.isEmpty()) {
                throw new InvalidActionException(problems);
            }
            String note = c.note() == null || c.note().isBlank() ? null : c.note().strip();
            boolean moves = c.action() == Action.TRANSFER || c.action() == Action.ASSIGN;
            String target = moves ? c.targetDepartment().strip() : null;
            // after "not a proposal" no department is in charge any more
            String eventDepartment = target != null ? target
                    : next == ProposalStatus.NOT_A_PROPOSAL ? null : p.getDepartmentCode();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            PendingEvent event = events.of(p.getId(), p.getTrackingCode(), next, previous, eventDepartment,
                    c.actor().name(), note, now);
            String timelineNote = target == null ? note
                    : (c.action() == Action.ASSIGN ? "운영자 배정: " : "이송 요청: ") + departments.name(target)
                    + (note == null ? "" : " — " + note);

            Query guard = decidedOn(p);
            Update update = new Update()
                    .set("status", next)
                    // the department (or an operator) acted: no longer overdue
                    .unset("overdueSince")
                    .inc("stateVersion", 1)
                    .push("timeline", new TimelineEntry(next, now, timelineNote, c.actor().name()))
                    .push("pendingEvents", event);
            if (target != null) {
                update.set("transferTo", target);
            }
            if (mongo.updateFirst(guard, update, Proposal.class).getModifiedCount() == 1) {
                relay.publishSoon(p.getId(), event);
                meters.counter("sane.proposals.status.changes", "status", next.name(), "actor", c.actor().name())
                        .increment();
                log.info("proposal {} {} -> {} by {} ({})", p.getId(), previous, next, c.actor(), c.action());
                return new Result(p.getId(), p.getTrackingCode(), previous, next, eventDepartment);
            }
            // someone else changed the proposal in between: decide again on the fresh state
        }
        throw new IllegalTransitionException(null, c.action(),
                "다른 처리가 동시에 반영되어 이 처리를 적용하지 못했습니다. 새로 고친 뒤 다시 시도해 주세요.");
    }

    /**
     * Matches the proposal only while it is in the status and state version {@code p} was read with, so a change
     * decided on it applies only when nothing else changed the proposal in between.
     */
    public static Query decidedOn(Proposal p) {
        return Query.query(Criteria.where("_id").is(p.getId()).and("status").is(p.getStatus()))
                .addCriteria(p.getStateVersion() == 0
                        ? new Criteria().orOperator(Criteria.where("stateVersion").is(0L),
                        Criteria.where("stateVersion").exists(false))
                        : Criteria.where("stateVersion").is(p.getStateVersion()));
    }

    /** The statuses in which routing-service's "not a proposal" verdict still applies (see {@link #applyVerdict}). */
    static final List<ProposalStatus> VERDICT_APPLIES = List.of(ProposalStatus.SUBMITTED, ProposalStatus.TRIAGE,
            ProposalStatus.ROUTED, ProposalStatus.IN_REVIEW, ProposalStatus.TRANSFERRED);

    /**
     * An operator's "not a proposal" verdict that arrived as {@code proposal.triaged} (decidedBy OPERATOR, reasonCode
     * NOT_A_PROPOSAL, from routing-service's own API): the same change as {@link Action#NOT_A_PROPOSAL}, actor
     * OPERATOR, note = the reason, applied in one update together with the consumed event id, so a redelivered event
     * changes and publishes nothing. The emitted event's id is derived from the consumed one. Applies while no
     * department has gone further than reviewing ({@link #VERDICT_APPLIES}: routing may not know the later statuses,
     * and an unseen routing event may still be on its way); otherwise the event is only recorded as processed.
     *
     * @return whether the status changed
     */
    public boolean applyVerdict(String proposalId, String consumedEventId, String reason, Instant at) {
        String note = reason == null || reason.isBlank() ? "운영자가 협력제안이 아니라고 판단했습니다." : reason.strip();
        if (note.length() > Lifecycle.MAX_NOTE) {
            note = note.substring(0, Lifecycle.MAX_NOTE);
        }
        Instant when = (at == null ? clock.instant() : at).truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Proposal p = mongo.findById(proposalId, Proposal.class);
            if (p == null || p.getProcessedEventIds() != null && p.getProcessedEventIds().contains(consumedEventId)) {
                return false;
            }
            ProposalStatus previous = p.getStatus();
            Query unprocessed = Query.query(Criteria.where("_id").is(proposalId)
                    .and("processedEventIds").ne(consumedEventId));
            if (!VERDICT_APPLIES.contains(previous)) {
                mongo.updateFirst(unprocessed, new Update().push("processedEventIds", consumedEventId),
                        Proposal.class);
                log.info("verdict {} for proposal {} not applied in status {}", consumedEventId, proposalId, previous);
                return false;
            }
            PendingEvent event = events.of(java.util.UUID.nameUUIDFromBytes(("status|" + consumedEventId)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), p.getId(),
                    p.getTrackingCode(), ProposalStatus.NOT_A_PROPOSAL, previous, null, Actor.OPERATOR.name(), note,
                    when);
            Query guard = decidedOn(p).addCriteria(Criteria.where("processedEventIds").ne(consumedEventId));
            Update update = new Update()
                    .set("status", ProposalStatus.NOT_A_PROPOSAL)
                    .inc("stateVersion", 1)
                    .unset("transferTo")
                    .unset("overdueSince")
                    .push("timeline", new TimelineEntry(ProposalStatus.NOT_A_PROPOSAL, when, note,
                            Actor.OPERATOR.name()))
                    .push("pendingEvents", event)
                    .push("processedEventIds", consumedEventId);
            if (mongo.updateFirst(guard, update, Proposal.class).getModifiedCount() == 1) {
                relay.publishSoon(p.getId(), event);
                meters.counter("sane.proposals.status.changes", "status", ProposalStatus.NOT_A_PROPOSAL.name(),
                        "actor", Actor.OPERATOR.name()).increment();
                log.info("proposal {} {} -> NOT_A_PROPOSAL by OPERATOR (verdict {})", proposalId, previous,
                        consumedEventId);
                return true;
            }
        }
        // changed concurrently three times: let the binder redeliver the event
        throw new IllegalStateException("verdict " + consumedEventId + " for proposal " + proposalId
                + " could not be applied: the proposal kept changing");
    }
}
