package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;

/** The action is not allowed in the proposal's current status (answered with 409). */
public class IllegalTransitionException extends RuntimeException {

    private final ProposalStatus from;
    private final Action action;

    public IllegalTransitionException(ProposalStatus from, Action action, String message) {
        super(message);
        this.from = from;
        this.action = action;
    }

    public ProposalStatus from() {
        return from;
    }

    public Action action() {
        return action;
    }
}
