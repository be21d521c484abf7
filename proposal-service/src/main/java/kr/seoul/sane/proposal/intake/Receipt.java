package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.proposal.model.ProposalStatus;

/** What the applicant gets back: the proposal's id, 접수번호 and status; duplicate when an earlier one matched. */
public record Receipt(String id, String trackingCode, ProposalStatus status, boolean duplicate) {
}
