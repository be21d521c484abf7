package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;

import java.time.Instant;

/**
 * A status change a transition caused, published as {@code proposal.status-changed} through the outbox.
 *
 * @param eventId        the event id, or null for a fresh one (set when derived from the consumed event that
 *                       caused the change, so a redelivery emits the same id)
 * @param departmentCode the department in charge afterwards; for a transfer the department the proposal goes to
 */
public record StatusChanged(String eventId, String proposalId, String trackingCode, ProposalStatus status,
                            ProposalStatus previous, String departmentCode, Actor actor, String note, Instant at) {
}
