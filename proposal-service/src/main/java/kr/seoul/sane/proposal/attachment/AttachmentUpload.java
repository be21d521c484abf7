package kr.seoul.sane.proposal.attachment;

/** A checked upload: its type recognised from the content, its name made safe. Not stored yet. */
public record AttachmentUpload(String filename, AttachmentType type, byte[] data) {
}
