package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One mail that an event calls for, written before it is sent. Unique per (source event, template, recipient),
 * so a redelivered or replayed event finds its delivery already there and sends nothing.
 * The rendered mail is kept, so a retry or a resend does not need the event again.
 */
@Document("deliveries")
public record Delivery(
        @Id String id,
        String sourceEventId,
        String sourceEventType,
        Instant sourceOccurredAt,
        String proposalId,
        String traceparent,
        String template,
        RecipientRole recipientRole,
        String departmentCode,
        String recipient,
        List<String> cc,
        String subject,
        MailBody textBody,
        MailBody htmlBody,
        DeliveryStatus status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant leaseUntil,
        Instant sentAt,
        String lastError,
        boolean permanentFailure,
        String fallbackDeliveryId) {

    private static final String FALLBACK_COPY = ":FALLBACK";

    /** The id of the copy of delivery {@code original} sent to the fallback mailbox ({@link FallbackCopies}). */
    static String fallbackCopyOf(String original) {
        return original + FALLBACK_COPY;
    }

    /** Whether this is the fallback mailbox's copy of a department mail that failed for good. */
    public boolean fallbackCopy() {
        return id.endsWith(FALLBACK_COPY);
    }

    /** The id the contract shows: {@code <sourceEventId>:<template>:<role>}. */
    public static String idFor(String sourceEventId, String template, RecipientRole role) {
        return sourceEventId + ":" + template + ":" + role;
    }

    /**
     * The id of a mail sent once per proposal and department whatever event calls for it again (a supporting
     * department's request for its opinion, also after a new routing names it again).
     */
    public static String oncePerDepartment(String proposalId, String template, String departmentCode) {
        return proposalId + ":" + template + ":" + departmentCode;
    }
}
