package kr.seoul.sane.notification.event;

import java.time.Instant;

/**
 * What the events carry about a proposal (contracts: common.schema.json#/$defs/proposalSnapshot), in the order the
 * department's mail shows it: the proposal, then who sent it, then the language of the applicant's mails.
 */
public record ProposalSnapshot(
        String title,
        String trackingCode,
        String field,
        Instant submittedAt,
        String content,
        Attachment attachment,
        String organization,
        String organizationType,
        String contactName,
        String email,
        String phone,
        String language) {

    /** The applicant's file, present only when one was attached; {@code downloadPath} is signed and expires. */
    public record Attachment(String id, String filename, Long size, String contentType, String downloadPath) {
    }

    /** {@code en} or {@code ko}; anything else falls back to Korean. */
    public String languageOrDefault() {
        return "en".equalsIgnoreCase(language) ? "en" : "ko";
    }
}
