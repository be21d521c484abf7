package kr.seoul.sane.notification.event;

import java.time.Instant;

/** What the events carry about a proposal (contracts: common.schema.json#/$defs/proposalSnapshot). */
public record ProposalSnapshot(
        String trackingCode,
        String organization,
        String organizationType,
        String contactName,
        String email,
        String phone,
        String title,
        String content,
        String field,
        String language,
        Instant submittedAt) {

    /** {@code en} or {@code ko}; anything else falls back to Korean. */
    public String languageOrDefault() {
        return "en".equalsIgnoreCase(language) ? "en" : "ko";
    }
}
