package kr.seoul.sane.catalog.transparency;

import com.mongodb.bulk.BulkWriteError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.guard.AppliedEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.util.Pair;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the proposal events into the {@link ProposalTrack} read model: one unordered bulk write per polled batch,
 * each event one conditional upsert {@code {_id: proposalId, eventIds: {$ne: eventId}}} that also records the event
 * id. A redelivered event meets the existing {@code _id} (duplicate key) and changes nothing, so the live listener,
 * a redelivery and a replay of the topics from offset 0 all end in the same documents. Only what the figures need
 * is kept: times, field, departments, statuses and actors.
 */
@Component
public class ResponseLedger {

    static final String SUBMITTED = "proposal.submitted";
    static final String ROUTED = "proposal.routed";
    static final String STATUS_CHANGED = "proposal.status-changed";
    static final List<String> TOPICS = List.of(SUBMITTED, ROUTED, STATUS_CHANGED);
    private static final Logger log = LoggerFactory.getLogger(ResponseLedger.class);
    /** The guard of the ledger: the ids of the events applied to each proposal, written with the event's change. */
    private static final AppliedEvents APPLIED = new AppliedEvents("eventIds");
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final Counter duplicates;
    private final AtomicLong writes = new AtomicLong();
    private final EnvelopeReader reader;

    public ResponseLedger(MongoTemplate mongo, MeterRegistry meters, EnvelopeReader reader) {
        this.mongo = mongo;
        this.reader = reader;
        this.duplicates = Counter.builder("sane.transparency.events.duplicates")
                .description("proposal events the transparency read model had applied before (redeliveries, replays)")
                .register(meters);
    }

    /**
     * Applies the events of one polled batch, already read by the catalogue's proposal listener (each record is read
     * once for both read models), in one bulk write. An event it cannot apply (a field the figures need is missing or
     * malformed) ends it there: the events before it are written and its index is returned, so that the listener
     * sends it alone to the dead-letter topic; -1 when all were applied.
     *
     * @param topics the topic of each event, in the same order
     */
    public int applyRead(List<String> topics, List<Envelope<JsonNode>> events) {
        List<Pair<Query, Update>> writes = new ArrayList<>(events.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Pair<Query, Update> write;
            try {
                write = write(topics.get(i), events.get(i));
            } catch (RuntimeException e) {
                log.warn("{} event {} not applied to the transparency read model: {}", topics.get(i),
                        events.get(i).eventId(), e.getMessage());
                apply(writes);
                return i;
            }
            if (write != null && seen.add(write.getFirst().getQueryObject().toJson())) {
                writes.add(write);
            }
        }
        apply(writes);
        return -1;
    }

    /**
     * Applies records read again from the topics (a rebuild): an unreadable one is skipped (the live listener has
     * sent it to the dead-letter topic). Answers how many were skipped.
     */
    public int replayed(List<ConsumerRecord<String, byte[]>> records) {
        List<Pair<Query, Update>> writes = new ArrayList<>(records.size());
        int skipped = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Pair<Query, Update> write = write(record.topic(), reader.read(record.value(), null));
                if (write != null) {
                    writes.add(write);
                }
            } catch (RuntimeException e) {
                skipped++;
                log.warn("replay: unreadable {} event at offset {} skipped: {}", record.topic(), record.offset(),
                        e.getMessage());
            }
        }
        apply(writes);
        return skipped;
    }

    /** The conditional upsert of one event, or null for an event of another topic. */
    static Pair<Query, Update> write(String topic, Envelope<JsonNode> event) {
        String eventId = event.eventId();
        String proposalId = required(event.proposalId(), "proposalId");
        JsonNode payload = event.payload();
        Update update = APPLIED.applied(new Update(), eventId);
        switch (topic) {
            case SUBMITTED -> snapshot(update, payload.path("proposal"));
            case ROUTED -> {
                snapshot(update, payload.path("proposal"));
                update.push("routings", new Document("at", occurredAt(event))
                        .append("departmentCode", required(payload, "departmentCode"))
                        .append("departmentName", payload.path("departmentName").asString(null))
                        .append("routedBy", payload.path("routedBy").asString("AUTO")));
            }
            case STATUS_CHANGED -> update.push("changes", new Document("at", occurredAt(event))
                    .append("status", required(payload, "status"))
                    .append("actor", payload.path("actor").asString(null))
                    .append("departmentCode", payload.path("departmentCode").asString(null)));
            default -> {
                log.warn("event {} from unexpected topic {} ignored", eventId, topic);
                return null;
            }
        }
        return Pair.of(APPLIED.unlessApplied(proposalId, eventId), update);
    }

    /** Submission time and field: the same values in proposal.submitted and every proposal.routed. */
    private static void snapshot(Update update, JsonNode proposal) {
        String submittedAt = proposal.path("submittedAt").asString(null);
        if (submittedAt != null) {
            update.set("submittedAt", Date.from(Instant.parse(submittedAt)));
            update.set("field", CooperationField.fromCode(proposal.path("field").asString(null))
                    .map(CooperationField::code).orElse(null));
        }
    }

    private void apply(List<Pair<Query, Update>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        this.writes.incrementAndGet();
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ProposalTrack.COLLECTION).upsert(writes).execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.increment();
            }
        }
    }

    /** How many bulk writes this instance has made: a change means the read model may have changed. */
    long bulkWrites() {
        return writes.get();
    }

    private static Date occurredAt(Envelope<JsonNode> event) {
        if (event.occurredAt() == null) {
            throw new IllegalArgumentException("event without occurredAt");
        }
        return Date.from(event.occurredAt());
    }

    private static String required(JsonNode node, String name) {
        return required(node.path(name).asString(null), name);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event without " + name);
        }
        return value;
    }
}
