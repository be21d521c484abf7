package kr.seoul.sane.proposal.model;

/** What the proposal keeps of its attachment (the bytes live in the {@code attachments} collection). */
public record AttachmentRef(String id, String filename, long size, String contentType) {
}
