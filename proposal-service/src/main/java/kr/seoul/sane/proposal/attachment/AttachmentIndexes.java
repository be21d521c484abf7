package kr.seoul.sane.proposal.attachment;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Creates the index of the attachment janitor before the first request: files no proposal has claimed, oldest first. */
@Component
class AttachmentIndexes implements SmartInitializingSingleton {

    private final MongoTemplate mongo;

    AttachmentIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        mongo.indexOps(Attachment.class).createIndex(new Index()
                .on("proposalId", Sort.Direction.ASC).on("createdAt", Sort.Direction.ASC).named("unclaimed"));
    }
}
