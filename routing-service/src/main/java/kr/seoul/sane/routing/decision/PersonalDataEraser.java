package kr.seoul.sane.routing.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.EnumMap;

/**
 * The one definition of the applicant's personal data in a stored decision's proposal snapshot (copied from
 * {@code proposal.submitted}), and the one way to remove it: on the applicant's erasure
 * ({@code proposal.personal-data-erased}) and by the retention job. Contact name, e-mail, phone and the attachment
 * reference (its file name and signed download path) are removed; tracking code, organisation, organisation type,
 * title, content, field, language and submission time stay, which is what {@code proposal.routed} needs (the
 * contract's {@code anonymizedProposalSnapshot}). The snapshot gets {@code anonymizedAt} (ISO-8601 text, like the
 * snapshot's other instants), which guards the update: a second erasure of the same proposal changes nothing.
 * Counted in {@code sane_routing_anonymized_total{trigger="erasure"|"retention"}}.
 */
@Component
public class PersonalDataEraser {

    /** Fields of the proposal snapshot that identify or reach the applicant. */
    public static final List<String> PERSONAL_FIELDS = List.of("contactName", "email", "phone", "attachment");
    /** Set in the snapshot when its personal fields were removed. */
    public static final String ANONYMIZED_AT = "anonymizedAt";
    public static final String SNAPSHOT = "proposal";

    /** Why a snapshot is anonymised (the metric's {@code trigger} tag). */
    public enum Trigger { ERASURE, RETENTION }

    private final MongoTemplate mongo;
    private final Map<Trigger, Counter> anonymized = new EnumMap<>(Trigger.class);

    public PersonalDataEraser(MongoTemplate mongo, MeterRegistry registry) {
        this.mongo = mongo;
        for (Trigger trigger : Trigger.values()) {
            anonymized.put(trigger, Counter.builder("sane.routing.anonymized")
                    .description("Routing decisions whose proposal snapshot lost its personal fields")
                    .tag("trigger", trigger.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    /** Criteria of the decisions whose snapshot still holds personal data (not anonymised yet). */
    public static Criteria notAnonymized() {
        return Criteria.where(SNAPSHOT).ne(null).and(SNAPSHOT + "." + ANONYMIZED_AT).is(null);
    }

    /** Whether the snapshot's personal fields were removed (or it has none to remove). */
    public static boolean anonymized(Map<String, Object> snapshot) {
        return snapshot == null || snapshot.get(ANONYMIZED_AT) != null;
    }

    /**
     * Removes the personal fields from the snapshots of those of {@code proposalIds} not anonymised yet, in one
     * update on the store.
     *
     * @return how many decisions changed (0 when all were anonymised already or none is stored)
     */
    public long erase(Collection<String> proposalIds, Trigger trigger, Instant at) {
        if (proposalIds.isEmpty()) {
            return 0;
        }
        Update update = new Update().set(SNAPSHOT + "." + ANONYMIZED_AT, at.toString());
        PERSONAL_FIELDS.forEach(field -> update.unset(SNAPSHOT + "." + field));
        long changed = mongo.updateMulti(Query.query(Criteria.where("_id").in(proposalIds).andOperator(notAnonymized())),
                update, RoutingDecision.class).getModifiedCount();
        anonymized.get(trigger).increment(changed);
        return changed;
    }
}
