package kr.seoul.sane.proposal.outbox;

import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.events.EnvelopeWriter;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the envelopes of the applicant's erasure on request: {@code proposal.erasure-requested} (the one event
 * besides {@code proposal.submitted} that carries the e-mail address: notification-service mails the confirmation
 * code to it) and {@code proposal.personal-data-erased} (no personal data). The code travels encrypted for
 * notification-service only ({@link ErasureCodeCipher}, bound to the event), never in plaintext.
 */
@Component
public class ErasureEvents {

    public static final String REQUESTED = "proposal.erasure-requested";
    public static final String ERASED = "proposal.personal-data-erased";
    /** Version 2: {@code encryptedCode} instead of version 1's plaintext {@code code}. */
    static final int REQUESTED_SCHEMA_VERSION = 2;

    private final EnvelopeWriter writer;
    private final ErasureCodeCipher cipher;

    ErasureEvents(EnvelopeWriter writer, ErasureCodeCipher cipher) {
        this.writer = writer;
        this.cipher = cipher;
    }

    public PendingEvent requested(Proposal p, String code, Instant expiresAt, Instant occurredAt) {
        String eventId = EnvelopeWriter.newEventId();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", p.getTrackingCode());
        payload.put("email", p.getEmail());
        payload.put("language", "en".equals(p.getLanguage()) ? "en" : "ko");
        payload.put("encryptedCode", cipher.encrypt(code, p.getId(), eventId));
        payload.put("expiresAt", expiresAt.toString());
        return new PendingEvent(eventId, REQUESTED, occurredAt, writer.json(
                writer.envelope(eventId, REQUESTED, REQUESTED_SCHEMA_VERSION, p.getId(), occurredAt, payload)));
    }

    /** @param status the status after the erasure: WITHDRAWN when the proposal was open, else unchanged */
    public PendingEvent erased(Proposal p, ProposalStatus previous, ProposalStatus status, Instant occurredAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("trackingCode", p.getTrackingCode());
        payload.put("previousStatus", previous.name());
        payload.put("status", status.name());
        payload.put("withdrawn", status != previous);
        payload.put("erasedAt", occurredAt.toString());
        String eventId = EnvelopeWriter.newEventId();
        return new PendingEvent(eventId, ERASED, occurredAt,
                writer.json(writer.envelope(eventId, ERASED, p.getId(), occurredAt, payload)));
    }
}
