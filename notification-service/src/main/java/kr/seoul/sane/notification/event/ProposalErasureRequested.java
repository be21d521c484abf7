package kr.seoul.sane.notification.event;

import java.time.Instant;

/**
 * Payload of {@code proposal.erasure-requested} (schemaVersion 2): the confirmation code to mail to the proposal's
 * address, encrypted by proposal-service ({@link ErasureCodes} reads it).
 */
public record ProposalErasureRequested(
        String trackingCode,
        String email,
        String language,
        String encryptedCode,
        Instant expiresAt) {
}
