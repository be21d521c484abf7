package kr.seoul.sane.proposal.model;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes every query of the proposals relies on, before the first request (the attachments' own:
 * {@code attachment/AttachmentIndexes}).
 */
@Component
class ProposalIndexes implements SmartInitializingSingleton {

    private final MongoTemplate mongo;

    ProposalIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        IndexOperations ops = mongo.indexOps(Proposal.class);
        ops.createIndex(new Index().on("trackingCode", Sort.Direction.ASC).unique().named("tracking_code"));
        // ops listing by status, newest first
        ops.createIndex(new Index().on("status", Sort.Direction.ASC).on("submittedAt", Sort.Direction.DESC)
                .named("status_submitted"));
        ops.createIndex(new Index().on("submittedAt", Sort.Direction.DESC).named("submitted"));
        // a department's own list of its open proposals, newest first
        ops.createIndex(new Index().on("departmentCode", Sort.Direction.ASC).on("submittedAt", Sort.Direction.DESC)
                .named("department_submitted"));
        // the outbox sweep: documents that still hold an event older than a few seconds
        ops.createIndex(new Index().on("pendingEvents.occurredAt", Sort.Direction.ASC).sparse()
                .named("pending_occurred"));
        // the overdue gauge and the ops overview (every minute): proposals with overdueSince set
        ops.createIndex(new Index().on("overdueSince", Sort.Direction.ASC).named("overdue_since"));
        // the attachment janitor: the proposal that refers to a file
        ops.createIndex(new Index().on("attachment.id", Sort.Direction.ASC).sparse().named("attachment_id"));
    }
}
