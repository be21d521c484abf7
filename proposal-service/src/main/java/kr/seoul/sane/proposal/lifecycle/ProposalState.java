package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;

/**
 * What a transition of a proposal is decided on: its identity, status and state version (the guard of the
 * update) and the department in charge.
 */
public record ProposalState(String id, String trackingCode, ProposalStatus status, long stateVersion,
                            String departmentCode) {
}
