package kr.seoul.sane.catalog.proposals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.drafts.CaseDrafts;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.search.CatalogIndex;
import kr.seoul.sane.catalog.search.Scored;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reacts to proposal events: keeps the proposal digest read model and publishes {@code catalog.suggested}
 * (similar published 협력사례 and possible 협력기관) for every submitted proposal. Idempotent by event id.
 */
@Component
public class ProposalEventHandler {

    static final String SUGGESTED_BINDING = "catalogSuggested-out-0";
    private static final Logger log = LoggerFactory.getLogger(ProposalEventHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final int MAX_SUGGESTIONS = 3;

    private final MongoTemplate mongo;
    private final CatalogIndex index;
    private final StreamBridge streamBridge;
    private final CaseDrafts caseDrafts;
    private final Counter suggestionsPublished;
    private final Counter duplicatesSkipped;
    private final EventTracing tracing;

    public ProposalEventHandler(MongoTemplate mongo, CatalogIndex index, StreamBridge streamBridge,
                                CaseDrafts caseDrafts, MeterRegistry meters, EventTracing tracing) {
        this.mongo = mongo;
        this.tracing = tracing;
        this.caseDrafts = caseDrafts;
        this.index = index;
        this.streamBridge = streamBridge;
        this.suggestionsPublished = Counter.builder("sane.catalog.suggestions.published")
                .description("catalog.suggested events published").register(meters);
        this.duplicatesSkipped = Counter.builder("sane.catalog.events.duplicates")
                .description("redelivered proposal events that were already handled").register(meters);
    }

    /** {@code proposal.submitted}: record the proposal's field, compute and publish suggestions. */
    public void onSubmitted(byte[] message) {
        JsonNode event = JSON.readTree(message);
        String eventId = requiredText(event, "eventId");
        String proposalId = requiredText(event, "proposalId");
        if (alreadyProcessed(eventId)) {
            return;
        }
        JsonNode proposal = event.path("payload").path("proposal");
        String field = CooperationField.fromCode(proposal.path("field").asString(null))
                .map(CooperationField::code).orElse(null);
        // the title names the topic, so it counts twice
        String title = proposal.path("title").asString("");
        String text = title + "\n" + title + "\n" + proposal.path("content").asString("");


        List<Scored<CooperationCase>> cases = index.similarCases(text, field, MAX_SUGGESTIONS);
        List<Scored<PartnerInstitution>> institutions = index.similarInstitutions(text, field, MAX_SUGGESTIONS);

        Instant now = Instant.now();
        String content = proposal.path("content").asString("");
        String organization = "INDIVIDUAL".equals(proposal.path("organizationType").asString(null))
                ? null : proposal.path("organization").asString(null);
        mongo.upsert(Query.query(Criteria.where("_id").is(proposalId)), new Update()
                        .set("title", title)
                        .set("summary", content.length() > 400 ? content.substring(0, 399) + "…" : content)
                        .set("organization", organization)
                        .set("field", field)
                        .set("suggestedCaseIds", cases.stream().map(s -> s.item().id()).toList())
                        .set("suggestedInstitutionIds", institutions.stream().map(s -> s.item().id()).toList())
                        .set("submittedAt", parseInstant(proposal.path("submittedAt").asString(null), now))
                        .set("suggestedAt", now),
                ProposalDigest.class);

        String current = tracing.traceparent();
        byte[] suggested = suggestedEvent(proposalId, current != null ? current : traceparent(event), cases,
                institutions);
        boolean sent = streamBridge.send(SUGGESTED_BINDING, MessageBuilder.withPayload(suggested)
                .setHeader(KafkaHeaders.KEY, proposalId)
                .setHeader("contentType", "application/json")
                .build());
        if (!sent) {
            throw new IllegalStateException("catalog.suggested for proposal " + proposalId + " was not sent");
        }
        suggestionsPublished.increment();
        markProcessed(eventId, "proposal.submitted");
        log.info("suggested {} cases and {} institutions for proposal {}", cases.size(), institutions.size(),
                proposalId);
    }

    /** {@code proposal.routed}: remember the responsible department (담당부서) to count proposals per department. */
    public void onRouted(byte[] message) {
        JsonNode event = JSON.readTree(message);
        String eventId = requiredText(event, "eventId");
        String proposalId = requiredText(event, "proposalId");
        if (alreadyProcessed(eventId)) {
            return;
        }
        JsonNode payload = event.path("payload");
        mongo.upsert(Query.query(Criteria.where("_id").is(proposalId)),
                new Update().set("departmentCode", payload.path("departmentCode").asString(null))
                        .set("departmentName", payload.path("departmentName").asString(null)),
                ProposalDigest.class);
        markProcessed(eventId, "proposal.routed");
    }

    /** {@code proposal.status-changed}: a proposal that reached 완료 (COMPLETED) becomes a case draft for operators. */
    public void onStatusChanged(byte[] message) {
        JsonNode event = JSON.readTree(message);
        String eventId = requiredText(event, "eventId");
        String proposalId = requiredText(event, "proposalId");
        if (alreadyProcessed(eventId)) {
            return;
        }
        JsonNode payload = event.path("payload");
        if ("COMPLETED".equals(payload.path("status").asString(null))) {
            ProposalDigest digest = mongo.findById(proposalId, ProposalDigest.class);
            caseDrafts.draftFromCompletedProposal(proposalId, digest, payload.path("note").asString(null),
                    parseInstant(event.path("occurredAt").asString(null), Instant.now()));
        }
        markProcessed(eventId, "proposal.status-changed");
    }

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
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", "catalog.suggested");
        envelope.put("schemaVersion", 1);
        envelope.put("occurredAt", Instant.now().toString());
        envelope.put("proposalId", proposalId);
        envelope.put("producer", "catalog-service");
        envelope.put("traceparent", traceparent);
        envelope.put("payload", payload);
        return JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8);
    }

    private boolean alreadyProcessed(String eventId) {
        // a key lookup rather than exists(), which counts through an aggregation the embedded store answers by
        // reading the whole collection
        if (mongo.findById(eventId, ProcessedEvent.class) != null) {
            duplicatesSkipped.increment();
            log.debug("event {} already handled", eventId);
            return true;
        }
        return false;
    }

    private void markProcessed(String eventId, String type) {
        try {
            mongo.insert(new ProcessedEvent(eventId, type, Instant.now()));
        } catch (DuplicateKeyException e) {
            duplicatesSkipped.increment();
        }
    }

    private static String traceparent(JsonNode event) {
        String value = event.path("traceparent").asString(null);
        return value != null && TRACEPARENT.matcher(value).matches() ? value : null;
    }

    private static String requiredText(JsonNode event, String name) {
        String value = event.path(name).asString(null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event without " + name);
        }
        return value;
    }

    private static Instant parseInstant(String value, Instant fallback) {
        try {
            return value == null ? fallback : Instant.parse(value);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static double round(double score) {
        return Math.round(score * 1000.0) / 1000.0;
    }
}
