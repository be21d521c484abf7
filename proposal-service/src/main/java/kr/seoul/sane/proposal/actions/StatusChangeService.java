package kr.seoul.sane.proposal.actions;

import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.ProposalTransitions;
import kr.seoul.sane.proposal.lifecycle.Transition;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one lifecycle step: {@link ProposalTransitions} decides it on the proposal as read, {@link ProposalStore}
 * writes the new status, the timeline entry and the pending {@code proposal.status-changed} event in one update,
 * guarded by the status and state version it was decided on. The outbox relay publishes the event.
 */
@Service
public class StatusChangeService {

    private static final Logger log = LoggerFactory.getLogger(StatusChangeService.class);
    private static final int ATTEMPTS = 3;

    private final ProposalStore store;
    private final ProposalTransitions transitions;
    private final Clock clock;

    StatusChangeService(ProposalStore store, ProposalTransitions transitions, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.clock = clock;
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

    /** The proposal to show beside its actions, if it exists. */
    public Optional<Proposal> find(String proposalId) {
        return store.find(proposalId);
    }

    public Result change(Command c) {
        ProposalStatus decidedOn = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Proposal p = store.find(c.proposalId()).orElseThrow(NotFoundException::new);
            if (decidedOn == null) {
                decidedOn = p.getStatus();
            } else if (decidedOn != p.getStatus()) {
                // another decision was applied in between: this one was made on a state that no longer exists
                break;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Transition t = transitions.act(ProposalStore.state(p), c.action(), c.actor(), c.note(),
                    c.targetDepartment(), c.expectedDepartment(), now);
            if (store.apply(t)) {
                ProposalStatus previous = p.getStatus();
                log.info("proposal {} {} -> {} by {} ({})", p.getId(), previous, t.status(), c.actor(), c.action());
                return new Result(p.getId(), p.getTrackingCode(), previous, t.status(),
                        t.events().getFirst().departmentCode());
            }
            // someone else changed the proposal in between: decide again on the fresh state
        }
        throw new IllegalTransitionException(null, c.action(),
                "다른 처리가 동시에 반영되어 이 처리를 적용하지 못했습니다. 새로 고친 뒤 다시 시도해 주세요.");
    }

    /**
     * Hands the proposal over to {@code successor} in its current status ({@link ProposalTransitions#handover}), if
     * it is still in one of {@code statuses} and still {@code from}'s; the state version rises, so a decision made on
     * the state before is refused.
     *
     * @return whether it was handed over
     */
    public boolean handOver(String proposalId, Set<ProposalStatus> statuses, String from, String successor,
                            String note) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Proposal p = store.find(proposalId).orElse(null);
            if (p == null || !statuses.contains(p.getStatus()) || !from.equals(p.getDepartmentCode())) {
                return false;
            }
            Transition t = transitions.handover(ProposalStore.state(p), successor, note,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (store.apply(t, null, new Update().inc("stateVersion", 1), List.of())) {
                log.info("proposal {} ({}) handed over from {} to {}", p.getId(), p.getStatus(), from, successor);
                return true;
            }
        }
        return false;
    }

    /**
     * An operator's "not a proposal" verdict that arrived as {@code proposal.triaged} (decidedBy OPERATOR, reasonCode
     * NOT_A_PROPOSAL, from routing-service's own API): {@link ProposalTransitions#verdict}, applied in one update
     * together with the consumed event id, so a redelivered event changes and publishes nothing. When the verdict no
     * longer applies, the event is only recorded as processed.
     *
     * @return whether the status changed
     */
    public boolean applyVerdict(String proposalId, String consumedEventId, String reason, Instant at) {
        Instant when = (at == null ? clock.instant() : at).truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Proposal p = store.find(proposalId).orElse(null);
            if (p == null || p.getProcessedEventIds() != null && p.getProcessedEventIds().contains(consumedEventId)) {
                return false;
            }
            Optional<Transition> verdict = transitions.verdict(ProposalStore.state(p), consumedEventId, reason, when);
            if (verdict.isEmpty()) {
                store.markProcessed(proposalId, consumedEventId);
                log.info("verdict {} for proposal {} not applied in status {}", consumedEventId, proposalId,
                        p.getStatus());
                return false;
            }
            if (store.apply(verdict.get())) {
                log.info("proposal {} {} -> NOT_A_PROPOSAL by OPERATOR (verdict {})", proposalId, p.getStatus(),
                        consumedEventId);
                return true;
            }
        }
        // changed concurrently three times: let the binder redeliver the event
        throw new IllegalStateException("verdict " + consumedEventId + " for proposal " + proposalId
                + " could not be applied: the proposal kept changing");
    }
}
