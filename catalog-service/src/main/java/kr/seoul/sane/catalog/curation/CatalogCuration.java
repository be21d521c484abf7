package kr.seoul.sane.catalog.curation;

import kr.seoul.sane.catalog.cases.CaseRepository;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.institutions.InstitutionRepository;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.search.CatalogIndex;
import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.EnvelopeWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Curation of the catalogue through events. Every change (seed loader, operator's publish or withdraw) is first
 * sent to its catalogue topic and confirmed by Kafka, then applied to the read model at once (so the operator sees
 * it immediately); the live listener applies the same event again, which is a no-op. {@link #rebuild()} drops the
 * read models and replays the topics from their beginning, so the read models are always derivable from Kafka.
 */
@Component
public class CatalogCuration implements DisposableBean {

    /** Who caused a catalogue event. */
    public enum Origin { SEED, OPERATOR }

    /** Counts after a rebuild. */
    public record RebuildResult(int events, int cases, int institutions, long millis) {
    }

    private static final Logger log = LoggerFactory.getLogger(CatalogCuration.class);

    private final CatalogEventLog eventLog;
    private final CatalogReadModels readModels;
    private final CaseRepository cases;
    private final InstitutionRepository institutions;
    private final CatalogIndex index;
    private final CatalogMetrics metrics;
    private final Clock clock;
    private final EnvelopeWriter writer;
    private final EnvelopeReader reader;
    private volatile boolean rebuilding;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("catalog-index-refresh").daemon().factory());

    public CatalogCuration(CatalogEventLog eventLog, CatalogReadModels readModels, CaseRepository cases,
                           InstitutionRepository institutions, CatalogIndex index, CatalogMetrics metrics,
                           Clock clock, EnvelopeWriter writer, EnvelopeReader reader) {
        this.clock = clock;
        this.writer = writer;
        this.reader = reader;
        this.metrics = metrics;
        this.eventLog = eventLog;
        this.readModels = readModels;
        this.cases = cases;
        this.institutions = institutions;
        this.index = index;
    }

    /** Publishes (or republishes with new text) one case. */
    public void publishCase(CooperationCase c, Origin origin, String draftId) {
        publish(List.of(casePublished(c, origin, draftId)));
    }

    /** Adds or replaces one institution as an operator wrote it (also hiding or showing it again). */
    public void upsertInstitution(PartnerInstitution institution) {
        publish(List.of(institutionUpserted(institution, Origin.OPERATOR)));
    }

    /** Takes a case off the public catalogue. */
    public void withdrawCase(String caseId, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("caseId", caseId);
        payload.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        publish(List.of(envelope(CatalogEventLog.CASE_WITHDRAWN, caseId, payload)));
    }

    /** Sends a batch of catalogue events (confirmed by Kafka), applies them and refreshes the search index. */
    public void publish(List<CatalogEventLog.Outgoing> events) {
        if (events.isEmpty()) {
            return;
        }
        eventLog.sendAll(events);
        for (CatalogEventLog.Outgoing e : events) {
            Envelope<JsonNode> event = reader.read(e.value(), e.topic());
            metrics.sent(e.topic(), event.payload().path("origin").asString(Origin.OPERATOR.name()));
            readModels.apply(event);
        }
        refreshIndex();
    }

    /**
     * An event from the live listener (this instance's own group, so every instance sees every event): applied to
     * the read models (a no-op when this or another instance applied it already), then this instance's search
     * index is refreshed in the background, even when the read models did not change here: another instance may
     * have written the change this index has not seen yet. Refreshes requested while one is waiting are served by
     * that one, so a burst of events (a new instance reading the topics from their beginning) costs few rebuilds.
     */
    public void onEvent(byte[] message) {
        readModels.apply(reader.read(message, null));
        if (!rebuilding) {
            requestRefresh();
        }
    }

    private void requestRefresh() {
        if (refreshQueued.compareAndSet(false, true)) {
            refresher.execute(() -> {
                refreshQueued.set(false);
                try {
                    refreshIndex();
                } catch (RuntimeException e) {
                    log.warn("search index not refreshed after a catalogue event: {}", e.toString());
                }
            });
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }

    /** Drops the read models and replays every catalogue topic from its beginning, then rebuilds the index. */
    public synchronized RebuildResult rebuild() {
        long start = System.nanoTime();
        rebuilding = true;
        int events;
        try {
            readModels.drop();
            events = eventLog.replay(value -> readModels.apply(reader.read(value, null)));
        } finally {
            rebuilding = false;
            refreshIndex();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("catalogue read models rebuilt from {} events in {} ms: {} cases, {} institutions", events, millis,
                index.caseCount(), index.institutionCount());
        return new RebuildResult(events, index.caseCount(), index.institutionCount(), millis);
    }

    /** Replays the topics into empty read models (a fresh or wiped database); answers the events read. */
    public int replayIntoEmptyReadModels() {
        return eventLog.replay(value -> readModels.apply(reader.read(value, null)));
    }

    /**
     * Rebuilds the search index from the read models: placeholders of withdrawn, never-read cases and hidden
     * institutions are left out. Also updates the read-model size gauges.
     */
    public synchronized void refreshIndex() {
        List<CooperationCase> allCases = cases.findAll();
        List<PartnerInstitution> allInstitutions = institutions.findAll();
        index.rebuild(allCases.stream().filter(c -> c.title() != null && c.scope() != null).toList(),
                allInstitutions.stream().filter(i -> i.name() != null && !i.hidden()).toList());
        metrics.sizes(allCases, allInstitutions);
    }

    public CatalogEventLog.Outgoing casePublished(CooperationCase c, Origin origin, String draftId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.id());
        body.put("title", c.title());
        body.put("titleEn", c.titleEn());
        body.put("summary", c.summary());
        body.put("partners", c.partners());
        body.put("fields", c.fields());
        body.put("scope", c.scope().name());
        body.put("period", c.period());
        body.put("outcome", c.outcome());
        body.put("mainCase", c.mainCase());
        body.put("sourceUrl", c.sourceUrl());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("origin", origin.name());
        payload.put("draftId", draftId);
        payload.put("case", body);
        return envelope(CatalogEventLog.CASE_PUBLISHED, c.id(), payload);
    }

    public CatalogEventLog.Outgoing institutionUpserted(PartnerInstitution i, Origin origin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", i.id());
        body.put("name", i.name());
        body.put("nameEn", i.nameEn());
        body.put("kind", i.kind().name());
        body.put("fields", i.fields());
        body.put("homepage", i.homepage());
        body.put("description", i.description());
        body.put("cooperationAreas", i.cooperationAreas());
        body.put("hidden", i.hidden());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("origin", origin.name());
        payload.put("institution", body);
        return envelope(CatalogEventLog.INSTITUTION_UPSERTED, i.id(), payload);
    }

    /** The platform envelope; for catalogue events {@code proposalId} (and the record key) is the entry's id. */
    private CatalogEventLog.Outgoing envelope(String type, String id, Map<String, Object> payload) {
        // curation events carry no trace context
        return new CatalogEventLog.Outgoing(type, id, writer.bytes(
                writer.envelope(EnvelopeWriter.newEventId(), type, id, clock.instant(), payload).withTraceparent(null)));
    }
}
