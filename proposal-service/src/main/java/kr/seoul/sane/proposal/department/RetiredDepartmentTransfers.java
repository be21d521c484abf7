package kr.seoul.sane.proposal.department;

import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A retired department's open proposals go to its successor:
 * <ul>
 * <li>each one the department still holds for a decision ({@code ROUTED}, {@code IN_REVIEW}) is transferred by the
 * lifecycle's own step (action TRANSFER, actor OPERATOR, a note naming the reorganisation), so it gets its timeline
 * entry and its {@code proposal.status-changed}, and routing-service routes it to the successor as for any
 * operator's transfer;</li>
 * <li>each one further on ({@code INFO_REQUESTED}, {@code ACCEPTED}, {@code IN_DISCUSSION}) is handed over in its
 * status ({@link StatusChangeService#handOver}): the successor carries on where the retired department stopped, with
 * a timeline entry and a {@code proposal.status-changed} whose status is unchanged.</li>
 * </ul>
 * Closed proposals (declined, completed, …) keep their department of record. Safe to repeat (the topic is read again
 * at every start, by every replica): a proposal already moved is no longer the retired department's, and a change
 * decided on a state another replica changed first is refused and skipped.
 */
@Component
class RetiredDepartmentTransfers {

    private static final Logger log = LoggerFactory.getLogger(RetiredDepartmentTransfers.class);
    static final List<ProposalStatus> MOVED = List.of(ProposalStatus.ROUTED, ProposalStatus.IN_REVIEW);
    /** Past the review and not closed: handed over in their status. */
    static final Set<ProposalStatus> HANDED_OVER = Set.of(ProposalStatus.INFO_REQUESTED, ProposalStatus.ACCEPTED,
            ProposalStatus.IN_DISCUSSION);

    private final MongoTemplate mongo;
    private final StatusChangeService changes;
    private final DepartmentDirectory directory;

    RetiredDepartmentTransfers(MongoTemplate mongo, StatusChangeService changes, DepartmentDirectory directory) {
        this.mongo = mongo;
        this.changes = changes;
        this.directory = directory;
    }

    /** Moves the retired department's open proposals to {@code version.successorCode()}; returns how many. */
    int moveOpen(DepartmentDirectory.Version version) {
        String successor = version.successorCode();
        if (!version.retired() || successor == null || !directory.contains(successor)) {
            return 0;
        }
        List<ProposalStatus> open = new ArrayList<>(MOVED);
        open.addAll(HANDED_OVER);
        Query held = Query.query(Criteria.where("departmentCode").is(version.code()).and("status").in(open));
        held.fields().include("_id", "status");
        String note = "부서 개편: " + version.name() + "(" + version.code() + ")이(가) 폐지되어 "
                + directory.name(successor) + "(" + successor + ")으로 넘깁니다.";
        int moved = 0;
        for (Proposal p : mongo.find(held, Proposal.class)) {
            if (HANDED_OVER.contains(p.getStatus())) {
                moved += changes.handOver(p.getId(), HANDED_OVER, version.code(), successor, note) ? 1 : 0;
                continue;
            }
            try {
                changes.change(new StatusChangeService.Command(p.getId(), Action.TRANSFER, Actor.OPERATOR, note,
                        successor, null));
                moved++;
            } catch (IllegalTransitionException | InvalidActionException | StatusChangeService.NotFoundException e) {
                log.info("proposal {} of retired department {} not moved: {}", p.getId(), version.code(),
                        e.getMessage());
            }
        }
        if (moved > 0) {
            log.info("{} open proposals of retired department {} transferred to {}", moved, version.code(), successor);
        }
        return moved;
    }
}
