package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TriageInfo;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One change of a proposal decided by {@link ProposalTransitions}: what must still hold ({@link Guard}), what
 * changes, and the events it causes. It is written as one update of the proposal document, together with its
 * timeline entry and its pending events, and only while the guard holds.
 *
 * @param status           the new status, or null when the status stays; a new status also raises the state
 *                         version and clears {@code overdueSince} and, unless {@code transferTo} is set,
 *                         {@code transferTo}
 * @param transferTo       the department a transfer or an assignment asks for (with a new status only)
 * @param department       the department in charge from now on ({@link Assignment#NONE}: none), or null when it
 *                         stays
 * @param routedAt         when routing assigned the department, or null when it stays
 * @param triage           why the proposal waits in triage, or null when it stays
 * @param timeline         the entry the change adds to the timeline
 * @param processedEventId the consumed event that caused the change (recorded with it), or null
 * @param events           the status changes to publish
 */
public record Transition(Guard guard, ProposalStatus status, String transferTo, Assignment department,
                         Instant routedAt, TriageInfo triage, TimelineEntry timeline, String processedEventId,
                         List<StatusChanged> events) {

    public Transition {
        events = List.copyOf(events);
    }

    /**
     * What the proposal must still be like for the change to apply.
     *
     * @param statuses           the statuses it may be in
     * @param stateVersion       the state version it was read with, or null when the change was not decided on a
     *                           read (a consumed event)
     * @param unprocessedEventId a consumed event id not yet recorded, or null
     * @param routedBefore       routing's assignment, if any, must be older than this (an older routing event never
     *                           overrides a newer one), or null
     */
    public record Guard(String proposalId, Set<ProposalStatus> statuses, Long stateVersion,
                        String unprocessedEventId, Instant routedBefore) {

        public Guard {
            statuses = Set.copyOf(statuses);
        }

        /** The proposal exactly as read: same status, same state version. */
        public static Guard decidedOn(ProposalState p) {
            return new Guard(p.id(), Set.of(p.status()), p.stateVersion(), null, null);
        }
    }

    /** A department in charge; {@link #NONE} when no department is. */
    public record Assignment(String code, String name) {
        public static final Assignment NONE = new Assignment(null, null);
    }
}
