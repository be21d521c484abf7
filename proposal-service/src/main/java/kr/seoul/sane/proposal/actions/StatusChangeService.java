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

    StatusChangeService(MongoTemplate mongo, StatusChangedEvents events, OutboxRelay relay,
                        DepartmentDirectory departments, MeterRegistry meters) {
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
            String target = c.action() == Action.TRANSFER ? c.targetDepartment().strip() : null;
            String eventDepartment = target != null ? target : p.getDepartmentCode();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            PendingEvent event = events.of(p.getId(), p.getTrackingCode(), next, previous, eventDepartment,
                    c.actor().name(), note, now);
            String timelineNote = target == null ? note
                    : "이송 요청: " + departments.name(target) + (note == null ? "" : " — " + note);

            Query guard = Query.query(Criteria.where("_id").is(p.getId()).and("status").is(previous))
                    .addCriteria(p.getStateVersion() == 0
                            ? new Criteria().orOperator(Criteria.where("stateVersion").is(0L),
                            Criteria.where("stateVersion").exists(false))
                            : Criteria.where("stateVersion").is(p.getStateVersion()));
            Update update = new Update()
                    .set("status", next)
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
}
