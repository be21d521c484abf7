package kr.seoul.sane.proposal.accounts;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * An operator account created on the console (collection {@code operator_accounts}, id = user name): the bcrypt
 * hash only, the audit of who created, disabled and enabled it when, and the {@code ops.account-changed} event of
 * its last change until the broker has acknowledged it ({@code pendingEvent}).
 */
@Document("operator_accounts")
public record OperatorAccountDocument(
        @Id String username,
        String displayName,
        String role,
        String passwordHash,
        boolean enabled,
        long version,
        Instant sessionsValidFrom,
        Instant createdAt,
        String createdBy,
        Instant changedAt,
        String changedBy,
        List<AuditEntry> audit,
        String pendingEvent) {

    /** One change: {@code CREATED}, {@code DISABLED} or {@code ENABLED}, by whom and when. */
    public record AuditEntry(String change, String by, Instant at) {
    }
}
