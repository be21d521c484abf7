package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses the mail server refused for good ({@code failing_addresses}, one document per address): marked when a
 * delivery fails permanently, cleared as soon as a mail to the address is accepted again (after an operator's
 * resend, or a new mail once the mailbox is fixed). Operators see them on {@code /ops/deliveries}.
 * The addresses marked are also known in memory (refreshed from the store every {@code metrics-refresh}), so a
 * sent mail costs no write unless its address is marked; one marked by another instance since the last refresh
 * is cleared by the next mail accepted after it.
 */
@Component
public class FailingAddresses {

    static final String COLLECTION = "failing_addresses";

    private final MongoTemplate mongo;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    public FailingAddresses(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Reloads the marked addresses (usually none: one small read). */
    @Scheduled(fixedDelayString = "${sane.notification.metrics-refresh:15s}", initialDelay = 0)
    public void refresh() {
        try {
            Query all = new Query().limit(10_000);
            all.fields().include("_id");
            Set<String> stored = new HashSet<>();
            mongo.find(all, org.bson.Document.class, COLLECTION).forEach(d -> stored.add(d.getString("_id")));
            marked.addAll(stored);
            marked.retainAll(stored);
        } catch (RuntimeException e) {
            // keep what is known; the next refresh tries again
        }
    }

    /** An address marked failing: since when, how often, the last delivery and its error. */
    @Document(COLLECTION)
    public record FailingAddress(@Id String address, Instant since, Instant lastFailedAt, int failures,
                                 String lastDeliveryId, String template, RecipientRole recipientRole,
                                 String departmentCode, String lastError) {
    }

    void mark(Delivery delivery, String error, Instant now) {
        marked.add(key(delivery.recipient()));
        mongo.upsert(Query.query(Criteria.where("_id").is(key(delivery.recipient()))),
                new Update().setOnInsert("since", now).set("lastFailedAt", now).inc("failures", 1)
                        .set("lastDeliveryId", delivery.id()).set("template", delivery.template())
                        .set("recipientRole", delivery.recipientRole())
                        .set("departmentCode", delivery.departmentCode()).set("lastError", error),
                FailingAddress.class);
    }

    /** A mail to the address was accepted: it works again. One delete by key, only when the address is marked. */
    void clear(String address) {
        if (address != null && marked.remove(key(address))) {
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
