package kr.seoul.sane.notification.event;

import java.time.Instant;

/** Payload of {@code proposal.erasure-requested}: the confirmation code to mail to the proposal's address. */
public record ProposalErasureRequested(
        String trackingCode,
        String email,
        String language,
        String code,
        Instant expiresAt) {
}
