package kr.seoul.sane.notification.delivery;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Addresses the mail server refused for good ({@code failing_addresses}, one document per address): marked when a
 * delivery fails permanently, cleared as soon as a mail to the address is accepted again (after an operator's
 * resend, or a new mail once the mailbox is fixed). Operators see them on {@code /ops/deliveries}.
 */
@Component
public class FailingAddresses {

    static final String COLLECTION = "failing_addresses";

    private final MongoTemplate mongo;

    public FailingAddresses(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** An address marked failing: since when, how often, the last delivery and its error. */
    @Document(COLLECTION)
    public record FailingAddress(@Id String address, Instant since, Instant lastFailedAt, int failures,
                                 String lastDeliveryId, String template, RecipientRole recipientRole,
                                 String departmentCode, String lastError) {
    }

    void mark(Delivery delivery, String error, Instant now) {
        mongo.upsert(Query.query(Criteria.where("_id").is(key(delivery.recipient()))),
                new Update().setOnInsert("since", now).set("lastFailedAt", now).inc("failures", 1)
                        .set("lastDeliveryId", delivery.id()).set("template", delivery.template())
                        .set("recipientRole", delivery.recipientRole())
                        .set("departmentCode", delivery.departmentCode()).set("lastError", error),
                FailingAddress.class);
    }

    /** A mail to the address was accepted: it works again. One delete by key. */
    void clear(String address) {
        if (address != null) {
            mongo.remove(Query.query(Criteria.where("_id").is(key(address))), FailingAddress.class);
        }
    }

    /** The most recently failed first. */
    public List<FailingAddress> list(int limit) {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "lastFailedAt")).limit(limit),
                FailingAddress.class);
    }

    public long count() {
        return mongo.count(new Query(), FailingAddress.class);
    }

    private static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
