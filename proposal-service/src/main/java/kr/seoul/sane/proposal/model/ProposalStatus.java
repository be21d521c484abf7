package kr.seoul.sane.proposal.model;

/** Lifecycle states of a proposal, exactly the values of the event contract. */
public enum ProposalStatus {
    SUBMITTED, TRIAGE, ROUTED, IN_REVIEW, INFO_REQUESTED, ACCEPTED, DECLINED, TRANSFERRED, IN_DISCUSSION, COMPLETED,
    NOT_A_PROPOSAL, WITHDRAWN;

    public static ProposalStatus parse(String value) {
        for (ProposalStatus s : values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
