package kr.seoul.sane.proposal.outbox;

import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.events.EnvelopeWriter;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@code proposal.status-changed} envelope (contracts/schemas/proposal.status-changed.schema.json). */
@Component
public class StatusChangedEvents {

    public static final String TYPE = "proposal.status-changed";

    private final EnvelopeWriter writer;

    StatusChangedEvents(EnvelopeWriter writer) {
        this.writer = writer;
    }

    /**
     * @param departmentCode the department in charge; for a transfer the department the proposal goes to
     * @param actor          {@code DEPARTMENT}, {@code OPERATOR}, {@code APPLICANT} or {@code SYSTEM}
     */
    public PendingEvent of(String proposalId, String trackingCode, ProposalStatus status, ProposalStatus previous,
                           String departmentCode, String actor, String note, Instant occurredAt) {
        return of(EnvelopeWriter.newEventId(), proposalId, trackingCode, status, previous, departmentCode, actor,
                note, occurredAt);
    }

    /** The same with a given event id (e.g. derived from the consumed event that caused the change). */
    public PendingEvent of(String eventId, String proposalId, String trackingCode, ProposalStatus status,
                           ProposalStatus previous, String departmentCode, String actor, String note,
                           Instant occurredAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", trackingCode);
        payload.put("status", status.name());
        payload.put("previousStatus", previous.name());
        payload.put("departmentCode", departmentCode);
        payload.put("actor", actor);
        payload.put("note", note);
        // the action's request, or the consumed event that caused the change
        return new PendingEvent(eventId, TYPE, occurredAt,
                writer.json(writer.envelope(eventId, TYPE, proposalId, occurredAt, payload)));
    }
}
