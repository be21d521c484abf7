package kr.seoul.sane.proposal.attachment;

import kr.seoul.sane.proposal.model.Proposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes files whose proposal was never stored (a crash or a failed insert between the two writes). A file
 * without {@code proposalId} older than {@code platform.attachments.orphan-age-minutes} (default 60) is linked when
 * a proposal refers to it (the crash came after the proposal's insert), else deleted.
 */
@Component
public class AttachmentJanitor {

    private static final Logger log = LoggerFactory.getLogger(AttachmentJanitor.class);

    private final MongoTemplate mongo;
    private final Duration orphanAge;
    private final Clock clock;

    AttachmentJanitor(MongoTemplate mongo, @Value("${platform.attachments.orphan-age-minutes:60}") long minutes,
                      Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.orphanAge = Duration.ofMinutes(minutes);
    }

    @Scheduled(initialDelayString = "${platform.attachments.janitor-interval-ms:600000}",
            fixedDelayString = "${platform.attachments.janitor-interval-ms:600000}")
    void scheduled() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("attachment janitor pass failed: {}", kr.seoul.sane.proposal.model.PersonalData.describe(e));
        }
    }

    /** @return the number of files deleted */
    public int sweep(Instant now) {
        Query orphans = Query.query(Criteria.where("proposalId").is(null).and("createdAt").lt(now.minus(orphanAge)))
                .limit(500);
        orphans.fields().include("_id");
        int deleted = 0;
        for (Attachment a : mongo.find(orphans, Attachment.class)) {
            Proposal owner = mongo.findOne(Query.query(Criteria.where("attachment.id").is(a.getId())), Proposal.class);
            if (owner != null) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(a.getId())),
                        org.springframework.data.mongodb.core.query.Update.update("proposalId", owner.getId()),
                        Attachment.class);
            } else {
                mongo.remove(Query.query(Criteria.where("_id").is(a.getId()).and("proposalId").is(null)),
                        Attachment.class);
                deleted++;
            }
        }
        if (deleted > 0) {
            log.info("attachment janitor removed {} orphan file(s)", deleted);
        }
        return deleted;
    }
}
