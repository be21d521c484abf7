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

import java.util.List;

/**
 * A retired department's open proposals go to its successor: each one the department still holds for a decision
 * ({@code ROUTED}, {@code IN_REVIEW}) is transferred by the lifecycle's own step (action TRANSFER, actor OPERATOR,
 * a note naming the reorganisation), so it gets its timeline entry and its {@code proposal.status-changed}, and
 * routing-service routes it to the successor as for any operator's transfer. Proposals further on (an answer given,
 * information requested, in discussion) stay with their department of record. Safe to repeat (the topic is read
 * again at every start, by every replica): a proposal already moved is no longer the retired department's, and a
 * transfer decided on a state another replica changed first is refused by the lifecycle and skipped.
 */
@Component
class RetiredDepartmentTransfers {

    private static final Logger log = LoggerFactory.getLogger(RetiredDepartmentTransfers.class);
    static final List<ProposalStatus> MOVED = List.of(ProposalStatus.ROUTED, ProposalStatus.IN_REVIEW);

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
        Query open = Query.query(Criteria.where("departmentCode").is(version.code()).and("status").in(MOVED));
        open.fields().include("_id");
        String note = "부서 개편: " + version.name() + "(" + version.code() + ")이(가) 폐지되어 "
                + directory.name(successor) + "(" + successor + ")으로 넘깁니다.";
        int moved = 0;
        for (Proposal p : mongo.find(open, Proposal.class)) {
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
