package kr.seoul.sane.proposal.model;

import java.time.Instant;
import java.util.List;

/**
 * The applicant's pending request to erase their personal data: only a salted SHA-256 of the mailed confirmation
 * code is kept, with its expiry and the wrong attempts so far; {@code requestedAt} holds the code requests of the
 * last hour (rate limit).
 */
public record ErasureRequest(String codeHash, String salt, Instant expiresAt, int attempts, List<Instant> requestedAt) {

    public ErasureRequest {
        requestedAt = requestedAt == null ? List.of() : List.copyOf(requestedAt);
    }
}
