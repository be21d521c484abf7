package kr.seoul.sane.proposal.attachment;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One attached file, stored whole in one document (at most 10 MB, well under MongoDB's 16 MB). It is stored
 * before its proposal; {@code proposalId} is set right after the proposal's insert. A file no proposal refers to
 * is removed by {@link AttachmentJanitor}.
 */
@Document("attachments")
public class Attachment {

    @Id
    private String id;
    private String proposalId;
    private String filename;
    private AttachmentType type;
    private String contentType;
    private long size;
    private String sha256;
    private byte[] data;
    private Instant createdAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getProposalId() { return proposalId; }
    public void setProposalId(String proposalId) { this.proposalId = proposalId; }
    public String getFilename() { return filename; }
    public void setFilename(String filename) { this.filename = filename; }
    public AttachmentType getType() { return type; }
    public void setType(AttachmentType type) { this.type = type; }
    public String getContentType() { return contentType; }
    public void setContentType(String contentType) { this.contentType = contentType; }
    public long getSize() { return size; }
    public void setSize(long size) { this.size = size; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public byte[] getData() { return data; }
    public void setData(byte[] data) { this.data = data; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
}
