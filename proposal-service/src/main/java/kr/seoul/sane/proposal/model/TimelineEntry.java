package kr.seoul.sane.proposal.model;

import java.time.Instant;

/**
 * One step of the proposal's history as the applicant sees it; {@code actor} says who took it
 * ({@code DEPARTMENT}, {@code OPERATOR}, {@code APPLICANT}, {@code SYSTEM}; null on entries written before it was kept).
 */
public record TimelineEntry(ProposalStatus status, Instant at, String note, String actor) {

    public TimelineEntry(ProposalStatus status, Instant at, String note) {
        this(status, at, note, null);
    }
}
