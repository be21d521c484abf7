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
        Instant submittedAt,
        Attachment attachment) {

    /** The applicant's file, present only when one was attached; {@code downloadPath} is signed and expires. */
    public record Attachment(String id, String filename, Long size, String contentType, String downloadPath) {
    }

    /** {@code en} or {@code ko}; anything else falls back to Korean. */
    public String languageOrDefault() {
        return "en".equalsIgnoreCase(language) ? "en" : "ko";
    }
}
