package kr.seoul.sane.catalog.proposals;

import com.mongodb.bulk.BulkWriteError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.directory.DepartmentDirectory;
import kr.seoul.sane.catalog.drafts.CaseDrafts;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.search.CatalogIndex;
import kr.seoul.sane.catalog.search.Scored;
import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.EnvelopeWriter;
import kr.seoul.sane.events.UnreadableEventException;
import kr.seoul.sane.events.guard.AppliedEvents;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.util.Pair;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Reacts to proposal events, a whole polled batch at a time: keeps the proposal digest read model and publishes
 * {@code catalog.suggested} (similar published 협력사례 and possible 협력기관) for every submitted proposal.
 *
 * <p>Idempotent by event id, without a separate guard write: the digest of a proposal keeps the ids of the events
 * applied to it ({@code eventIds}), and each digest write is a conditional upsert that only applies when its event
 * id is not there yet (otherwise the upsert meets the existing {@code _id}: a duplicate). A batch costs one read
 * (which submitted events were already answered), one unordered bulk write of all digest changes, and one wait for
 * the broker's acknowledgement of all its {@code catalog.suggested} records; the digest (with the event id) is
 * written only after the acknowledgement, so a suggestion is never lost, and a redelivered event sends none.
 * {@code proposal.status-changed} changes no digest: only COMPLETED matters, and the case draft it creates is
 * itself created once per proposal.
 */
@Component
public class ProposalEventHandler {

    static final String SUGGESTED_TOPIC = "catalog.suggested";
    static final String SUBMITTED = "proposal.submitted";
    static final String ROUTED = "proposal.routed";
    static final String STATUS_CHANGED = "proposal.status-changed";
    private static final Logger log = LoggerFactory.getLogger(ProposalEventHandler.class);
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final int MAX_SUGGESTIONS = 3;
    private static final String DIGESTS = "proposals";
    /** The guard of the digests: the ids of the events applied to each, written with the event's change. */
    private static final AppliedEvents APPLIED = new AppliedEvents("eventIds");
    private static final int DUPLICATE_KEY = 11000;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(40);

    private final MongoTemplate mongo;
    private final CatalogIndex index;
    private final KafkaTemplate<String, byte[]> kafka;
    private final CaseDrafts caseDrafts;
    private final Counter suggestionsPublished;
    private final Counter duplicatesSkipped;
    private final EventTracing tracing;
    private final Clock clock;
    private final DepartmentDirectory directory;
    private final EnvelopeWriter writer;
    private final EnvelopeReader reader;

    public ProposalEventHandler(MongoTemplate mongo, CatalogIndex index, KafkaTemplate<String, byte[]> catalogKafkaTemplate,
                                CaseDrafts caseDrafts, MeterRegistry meters, EventTracing tracing, Clock clock,
                                DepartmentDirectory directory, EnvelopeWriter writer, EnvelopeReader reader) {
        this.writer = writer;
        this.reader = reader;
        this.clock = clock;
        this.directory = directory;
        this.mongo = mongo;
        this.tracing = tracing;
        this.caseDrafts = caseDrafts;
        this.index = index;
        this.kafka = catalogKafkaTemplate;
        this.suggestionsPublished = Counter.builder("sane.catalog.suggestions.published")
                .description("catalog.suggested events published").register(meters);
        this.duplicatesSkipped = Counter.builder("sane.catalog.events.duplicates")
                .description("redelivered proposal events that were already handled").register(meters);
    }

    /** One consumed proposal event: its topic, envelope and the trace it belongs to. */
    record Incoming(String topic, Envelope<JsonNode> envelope, String traceparent) {

        String eventId() {
            return envelope.eventId();
        }

        String proposalId() {
            return envelope.proposalId();
        }

        JsonNode payload() {
            return envelope.payload();
        }
    }

    /** The record's envelope, in the trace it names (else the record header's). */
    Incoming read(ConsumerRecord<String, byte[]> record) {
        try {
            Envelope<JsonNode> envelope = reader.read(record.value(), null);
            String envelopeTrace = valid(envelope.traceparent());
            Header header = record.headers().lastHeader("traceparent");
            String trace = envelopeTrace != null || header == null ? envelopeTrace
                    : new String(header.value(), StandardCharsets.UTF_8);
            return new Incoming(record.topic(), envelope, trace);
        } catch (UnreadableEventException e) {
            throw new UnreadableEventException("unreadable " + record.topic() + " event at offset "
                    + record.offset() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Handles one polled batch, then hands its events to {@code follower}. An unreadable record stops the batch
     * there for both; an event the follower cannot apply goes alone to the dead-letter topic, as an unreadable one
     * does (the records after it are read again: both read models skip what they applied already).
     */
    public void onBatch(List<ConsumerRecord<String, byte[]>> records, ReadModelFollower follower) {
        List<Incoming> events = new ArrayList<>(records.size());
        UnreadableEventException unreadable = null;
        for (int i = 0; i < records.size() && unreadable == null; i++) {
            try {
                events.add(read(records.get(i)));
            } catch (UnreadableEventException e) {
                unreadable = e;
            }
        }
        handle(events);
        List<String> topics = new ArrayList<>(events.size());
        List<Envelope<JsonNode>> envelopes = new ArrayList<>(events.size());
        for (Incoming e : events) {
            topics.add(e.topic());
            envelopes.add(e.envelope());
        }
        int refused = follower.apply(topics, envelopes);
        if (refused >= 0) {
            Incoming e = events.get(refused);
            throw new BatchListenerFailedException(e.topic() + " event " + e.eventId() + " refused by a read model",
                    new IllegalArgumentException("refused by a read model"), refused);
        }
        if (unreadable != null) {
            throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, events.size());
        }
    }

    void handle(List<Incoming> batch) {
        Map<String, Incoming> unique = new LinkedHashMap<>();
        for (Incoming e : batch) {
            if (unique.putIfAbsent(e.eventId(), e) != null) {
                skipped(e);
            }
        }
        List<Incoming> submitted = new ArrayList<>();
        List<Incoming> routed = new ArrayList<>();
        List<Incoming> completed = new ArrayList<>();
        for (Incoming e : unique.values()) {
            switch (e.topic()) {
                case SUBMITTED -> submitted.add(e);
                case ROUTED -> routed.add(e);
                case STATUS_CHANGED -> {
                    if ("COMPLETED".equals(e.payload().path("status").asString(null))) {
                        completed.add(e);
                    }
                }
                default -> log.warn("event {} from unexpected topic {} ignored", e.eventId(), e.topic());
            }
        }
        List<Pair<Query, Update>> digestWrites = new ArrayList<>();
        List<Incoming> written = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        Set<String> answered = alreadyApplied(submitted);
        for (Incoming e : submitted) {
            if (answered.contains(e.eventId())) {
                skipped(e);
                continue;
            }
            tracing.within(e.traceparent(), SUBMITTED, () -> {
                digestWrites.add(suggest(e, sends));
                written.add(e);
                return null;
            });
        }
        for (Incoming e : routed) {
            JsonNode payload = e.payload();
            digestWrites.add(Pair.of(unlessApplied(e), APPLIED.applied(new Update()
                    .set("departmentCode", payload.path("departmentCode").asString(null))
                    .set("departmentName", payload.path("departmentName").asString(null)), e.eventId())));
            written.add(e);
        }
        awaitAcknowledgements(sends);
        suggestionsPublished.increment(sends.size());
        writeDigests(digestWrites, written);
        draftCompleted(completed);
    }

    /** Computes and sends the suggestions of one submitted proposal; answers its digest write. */
    private Pair<Query, Update> suggest(Incoming e, List<CompletableFuture<?>> sends) {
        JsonNode proposal = e.payload().path("proposal");
        String field = CooperationField.fromCode(proposal.path("field").asString(null))
                .map(CooperationField::code).orElse(null);
        // the title names the topic, so it counts twice
        String title = proposal.path("title").asString("");
        String content = proposal.path("content").asString("");
        CatalogIndex.Suggestions suggestions = index.suggest(title + "\n" + title + "\n" + content, field,
                MAX_SUGGESTIONS);
        List<Scored<CooperationCase>> cases = suggestions.cases();
        List<Scored<PartnerInstitution>> institutions = suggestions.institutions();

        byte[] suggested = suggestedEvent(e.proposalId(), e.traceparent(), cases, institutions);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(SUGGESTED_TOPIC, e.proposalId(), suggested);
        // no contentType header: Spring Cloud Stream consumers read a raw one as byte[] and refuse the record
        sends.add(kafka.send(record));
        log.debug("suggested {} cases and {} institutions for proposal {}", cases.size(), institutions.size(),
                e.proposalId());

        Instant now = clock.instant();
        String organization = "INDIVIDUAL".equals(proposal.path("organizationType").asString(null))
                ? null : proposal.path("organization").asString(null);
        return Pair.of(unlessApplied(e), APPLIED.applied(new Update()
                .set("title", title)
                .set("summary", content.length() > 400 ? content.substring(0, 399) + "…" : content)
                .set("organization", organization)
                .set("field", field)
                .set("suggestedCaseIds", cases.stream().map(s -> s.item().id()).toList())
                .set("suggestedInstitutionIds", institutions.stream().map(s -> s.item().id()).toList())
                .set("submittedAt", parseInstant(proposal.path("submittedAt").asString(null), now))
                .set("suggestedAt", now), e.eventId()));
    }

    /** The digest of the event's proposal, unless the event was applied to it already. */
    private static Query unlessApplied(Incoming e) {
        return APPLIED.unlessApplied(e.proposalId(), e.eventId());
    }

    /** Which of these submitted events were already answered: one read for the whole batch. */
    private Set<String> alreadyApplied(List<Incoming> submitted) {
        if (submitted.isEmpty()) {
            return Set.of();
        }
        List<String> eventIds = submitted.stream().map(Incoming::eventId).toList();
        Query query = Query.query(Criteria.where("_id").in(submitted.stream().map(Incoming::proposalId).toList()))
                .addCriteria(APPLIED.anyApplied(eventIds));
        query.fields().include(APPLIED.field());
        Set<String> applied = new HashSet<>();
        for (Document digest : mongo.find(query, Document.class, DIGESTS)) {
            applied.addAll(digest.getList(APPLIED.field(), String.class, List.of()));
        }
        applied.retainAll(eventIds);
        return applied;
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending catalog.suggested", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("catalog.suggested was not acknowledged by Kafka", e);
        }
    }

    /** One unordered bulk write; a duplicate key means the event was applied before (a redelivery). */
    private void writeDigests(List<Pair<Query, Update>> writes, List<Incoming> events) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, DIGESTS).upsert(writes).execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                skipped(events.get(error.getIndex()));
            }
        }
    }

    /** {@code proposal.status-changed} to 완료 (COMPLETED): a case draft for operators, from the digests. */
    private void draftCompleted(List<Incoming> completed) {
        if (completed.isEmpty()) {
            return;
        }
        Map<String, ProposalDigest> digests = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(completed.stream().map(Incoming::proposalId).toList())),
                ProposalDigest.class).forEach(d -> digests.put(d.id(), d));
        for (Incoming e : completed) {
            tracing.within(e.traceparent(), STATUS_CHANGED, () -> {
                caseDrafts.draftFromCompletedProposal(e.proposalId(), origin(digests.get(e.proposalId())),
                        e.payload().path("note").asString(null),
                        e.envelope().occurredAt() != null ? e.envelope().occurredAt() : clock.instant());
                return null;
            });
        }
    }

    /** The digest as a draft's origin, its department named as the directory names it now. */
    private CaseDrafts.Origin origin(ProposalDigest digest) {
        return digest == null ? null : new CaseDrafts.Origin(digest.title(), digest.summary(), digest.organization(),
                digest.field(), directory.currentName(digest.departmentCode(), digest.departmentName()));
    }

    private void skipped(Incoming e) {
        duplicatesSkipped.increment();
        log.debug("event {} already handled", e.eventId());
    }

    /** @param traceparent the consumed event's trace, named when no span is current */
    byte[] suggestedEvent(String proposalId, String traceparent, List<Scored<CooperationCase>> cases,
                          List<Scored<PartnerInstitution>> institutions) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("cases", cases.stream().map(s -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", s.item().id());
            c.put("title", s.item().title());
            c.put("summary", s.item().summary());
            c.put("url", s.item().url());
            c.put("score", round(s.score()));
            return c;
        }).toList());
        payload.put("institutions", institutions.stream().map(s -> {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("id", s.item().id());
            i.put("name", s.item().name());
            i.put("homepage", s.item().homepage());
            i.put("score", round(s.score()));
            return i;
        }).toList());
        return writer.bytes(writer.envelope(EnvelopeWriter.newEventId(), SUGGESTED_TOPIC, proposalId, clock.instant(),
                payload).withTraceparentIfAbsent(traceparent));
    }

    private static Instant parseInstant(String value, Instant fallback) {
        try {
            return value == null ? fallback : Instant.parse(value);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String valid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
    }

    private static double round(double score) {
        return Math.round(score * 1000.0) / 1000.0;
    }
}
