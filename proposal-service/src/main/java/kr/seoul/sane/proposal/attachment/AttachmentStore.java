package kr.seoul.sane.proposal.attachment;

import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.AttachmentRef;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** Stores attachments (one document each) and signs their download links. */
@Service
public class AttachmentStore {

    private final MongoTemplate mongo;
    private final LinkTokens tokens;
    private final Duration validity;
    private final Clock clock;

    AttachmentStore(MongoTemplate mongo, LinkTokens tokens,
                    @Value("${platform.links.validity-days:30}") long validityDays, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.tokens = tokens;
        this.validity = Duration.ofDays(validityDays);
    }

    /** Stores the file on its own (no proposal yet) and returns what the proposal will keep of it. */
    public AttachmentRef save(AttachmentUpload upload, Instant now) {
        Attachment a = new Attachment();
        a.setId(new ObjectId().toHexString());
        a.setFilename(upload.filename());
        a.setType(upload.type());
        a.setContentType(upload.type().contentType());
        a.setSize(upload.data().length);
        a.setSha256(sha256(upload.data()));
        a.setData(upload.data());
        a.setCreatedAt(now);
        mongo.insert(a);
        return new AttachmentRef(a.getId(), a.getFilename(), a.getSize(), a.getContentType());
    }

    /** Marks the file as belonging to its (already inserted) proposal. */
    public void link(String attachmentId, String proposalId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(attachmentId)),
                new Update().set("proposalId", proposalId), Attachment.class);
    }

    public void delete(String attachmentId) {
        mongo.remove(Query.query(Criteria.where("_id").is(attachmentId)), Attachment.class);
    }

    public Attachment find(String attachmentId) {
        return attachmentId != null && attachmentId.matches("^[0-9a-f]{24}$")
                ? mongo.findById(attachmentId, Attachment.class) : null;
    }

    /** {@code /attachments/{id}?token=…}, valid for {@code platform.links.validity-days} (default 30). */
    public String downloadPath(String attachmentId) {
        return downloadPath(attachmentId, clock.instant().plus(validity));
    }

    public String downloadPath(String attachmentId, Instant expires) {
        return "/attachments/" + attachmentId + "?token=" + tokens.signAttachment(attachmentId, expires);
    }

    public boolean allowed(String attachmentId, String token) {
        return tokens.verifyAttachment(token, attachmentId);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
