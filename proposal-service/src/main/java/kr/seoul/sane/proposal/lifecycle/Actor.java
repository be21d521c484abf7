package kr.seoul.sane.proposal.lifecycle;

/** Who changed a proposal's status; the values of {@code payload.actor} in {@code proposal.status-changed}. */
public enum Actor {
    DEPARTMENT, OPERATOR, APPLICANT, SYSTEM
}
