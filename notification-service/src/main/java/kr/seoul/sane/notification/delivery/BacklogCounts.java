package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** How many deliveries wait, and since when: for the gauges and the ops pages. */
@Component
public class BacklogCounts {

    /** Not yet sent: what the backlog is made of. */
    static final List<DeliveryStatus> BACKLOG =
            List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRY, DeliveryStatus.SENDING);

    private final MongoTemplate mongo;

    public BacklogCounts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** How many deliveries are not yet sent, and when the oldest of them was recorded: one read. */
    public record Backlog(long size, Instant oldestCreatedAt) {
    }

    /** The backlog in one query (one pass over the collection on a store without secondary indexes). */
    public Backlog backlog() {
        Query query = Query.query(Criteria.where("status").in(BACKLOG));
        query.fields().include("createdAt");
        long size = 0;
        Instant oldest = null;
        for (Document d : mongo.find(query, Document.class, DeliveryStore.COLLECTION)) {
            size++;
            Date created = d.getDate("createdAt");
            if (created != null && (oldest == null || created.toInstant().isBefore(oldest))) {
                oldest = created.toInstant();
            }
        }
        return new Backlog(size, oldest);
    }

    public long countBacklog() {
        return mongo.count(Query.query(Criteria.where("status").in(BACKLOG)), Delivery.class);
    }

    public Optional<Instant> oldestBacklogCreatedAt() {
        Query query = Query.query(Criteria.where("status").in(BACKLOG)).with(Sort.by("createdAt")).limit(1);
        query.fields().include("createdAt");
        return Optional.ofNullable(mongo.findOne(query, Document.class, DeliveryStore.COLLECTION))
                .map(d -> d.getDate("createdAt")).map(Date::toInstant);
    }
}
