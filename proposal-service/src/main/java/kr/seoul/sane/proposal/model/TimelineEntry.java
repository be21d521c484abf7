package kr.seoul.sane.proposal.model;

import java.time.Instant;

/** One step of the proposal's history as the applicant sees it. */
public record TimelineEntry(ProposalStatus status, Instant at, String note) {
}
