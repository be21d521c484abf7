package kr.seoul.sane.proposal.model;

import java.time.Instant;

/**
 * One step of the proposal's history as the applicant sees it; {@code actor} says who took it
 * ({@code DEPARTMENT}, {@code OPERATOR}, {@code APPLICANT}, {@code SYSTEM}; null on entries written before it was kept).
 * A status change has a {@code status} and no {@code event}; an entry that changed no status (a delivered or failed
 * department mail, an escalation) has an {@code event} and a null {@code status}.
 */
public record TimelineEntry(ProposalStatus status, Instant at, String note, String actor, TimelineEvent event) {

    public TimelineEntry(ProposalStatus status, Instant at, String note, String actor) {
        this(status, at, note, actor, null);
    }

    public TimelineEntry(ProposalStatus status, Instant at, String note) {
        this(status, at, note, null, null);
    }

    /** An entry that records an event without a status change, by the system. */
    public static TimelineEntry event(TimelineEvent event, Instant at, String note) {
        return new TimelineEntry(null, at, note, "SYSTEM", event);
    }

    /** True when only operators may see this entry. */
    public boolean opsOnly() {
        return event != null && event.internal();
    }

    /** The message key of the entry's label: {@code status.<STATUS>} or {@code timeline.<EVENT>}. */
    public String labelKey() {
        return event != null ? "timeline." + event.name() : "status." + (status == null ? "UNKNOWN" : status.name());
    }

    /** The status name, or the event name for an entry without a status. */
    public String kind() {
        return event != null ? event.name() : status == null ? "" : status.name();
    }
}
