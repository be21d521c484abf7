package kr.seoul.sane.proposal.outbox;

import kr.seoul.sane.proposal.attachment.AttachmentStore;
import kr.seoul.sane.proposal.model.AttachmentRef;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.events.EnvelopeWriter;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@code proposal.submitted} envelope (contracts/schemas/proposal.submitted.schema.json). */
@Component
public class SubmittedEvents {

    public static final String TYPE = "proposal.submitted";

    private final AttachmentStore attachments;
    private final EnvelopeWriter writer;

    SubmittedEvents(AttachmentStore attachments, EnvelopeWriter writer) {
        this.attachments = attachments;
        this.writer = writer;
    }

    public PendingEvent of(Proposal p, Instant occurredAt) {
        String eventId = EnvelopeWriter.newEventId();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("trackingCode", p.getTrackingCode());
        snapshot.put("organization", p.getOrganization());
        snapshot.put("organizationType", p.getOrganizationType().name());
        snapshot.put("contactName", p.getContactName());
        snapshot.put("email", p.getEmail());
        snapshot.put("phone", p.getPhone());
        snapshot.put("title", p.getTitle());
        snapshot.put("content", p.getContent());
        snapshot.put("field", p.getField());
        snapshot.put("language", p.getLanguage());
        snapshot.put("submittedAt", p.getSubmittedAt().toString());
        if (p.getAttachment() != null) {
            // the snapshot allows additional properties; only present when a file was attached
            AttachmentRef a = p.getAttachment();
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put("id", a.id());
            attachment.put("filename", a.filename());
            attachment.put("size", a.size());
            attachment.put("contentType", a.contentType());
            attachment.put("downloadPath", attachments.downloadPath(a.id()));
            snapshot.put("attachment", attachment);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("proposal", snapshot);
        payload.put("suspicious", p.isSuspicious());
        payload.put("suspicionReasons", List.copyOf(p.getSuspicionReasons()));
        // in the trace of the request that submitted the proposal; the relay publishes later within this trace
        return new PendingEvent(eventId, TYPE, occurredAt,
                writer.json(writer.envelope(eventId, TYPE, p.getId(), occurredAt, payload)));
    }
}
