package kr.seoul.sane.catalog.curation;

import kr.seoul.sane.events.Envelope;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies catalogue events to the {@code cases} and {@code institutions} read models.
 *
 * <p>Every write is a single-document conditional upsert, so it needs no transaction. Each document remembers the
 * version (the event's {@code occurredAt} in nanoseconds) of what it holds: {@code contentVersion} for the case
 * text, {@code statusVersion} for its published flag, {@code version} for an institution. An event older than or as
 * old as the stored version changes nothing, so redeliveries are no-ops and the result does not depend on the
 * order in which the three topics are read: a rebuild from the topics ends in the same documents.
 * A withdrawal read before the publication it follows leaves a placeholder ({@code published: false}, no text)
 * that the publication then fills without making it public again.
 */
@Component
public class CatalogReadModels {

    static final String CASES = "cases";
    static final String INSTITUTIONS = "institutions";

    private final MongoTemplate mongo;

    public CatalogReadModels(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Applies one catalogue event; answers whether a read model changed. Unknown types are ignored. */
    public boolean apply(Envelope<JsonNode> event) {
        String type = event.type() == null ? "" : event.type();
        long version = version(event.occurredAt());
        JsonNode payload = event.payload();
        return switch (type) {
            case CatalogEventLog.CASE_PUBLISHED -> applyCasePublished(payload.path("case"), version);
            case CatalogEventLog.CASE_WITHDRAWN -> setPublished(required(payload, "caseId"), false, version);
            case CatalogEventLog.INSTITUTION_UPSERTED -> applyInstitution(payload.path("institution"),
                    payload.path("origin").asString("SEED"), version);
            default -> false;
        };
    }

    private boolean applyCasePublished(JsonNode c, long version) {
        String id = required(c, "id");
        Update content = new Update()
                .set("title", required(c, "title"))
                .set("titleEn", c.path("titleEn").asString(null))
                .set("summary", c.path("summary").asString(""))
                .set("partners", strings(c.path("partners")))
                .set("fields", strings(c.path("fields")))
                .set("scope", required(c, "scope"))
                .set("period", c.path("period").asString(null))
                .set("outcome", c.path("outcome").asString(null))
                .set("mainCase", c.path("mainCase").asBoolean(false))
                .set("sourceUrl", c.path("sourceUrl").asString(null))
                .set("contentVersion", version)
                .setOnInsert("published", false);
        boolean changed = conditionalUpsert(CASES, id, "contentVersion", version, content);
        return setPublished(id, true, version) | changed;
    }

    private boolean setPublished(String id, boolean published, long version) {
        Update status = new Update().set("published", published).set("statusVersion", version)
                .setOnInsert("mainCase", false);
        return conditionalUpsert(CASES, id, "statusVersion", version, status);
    }

    private boolean applyInstitution(JsonNode i, String origin, long version) {
        Update update = new Update()
                .set("name", required(i, "name"))
                .set("nameEn", i.path("nameEn").asString(null))
                .set("kind", required(i, "kind"))
                .set("fields", strings(i.path("fields")))
                .set("homepage", required(i, "homepage"))
                .set("description", i.path("description").asString(null))
                .set("cooperationAreas", strings(i.path("cooperationAreas")))
                .set("hidden", i.path("hidden").asBoolean(false))
                .set("origin", origin)
                .set("version", version);
        return conditionalUpsert(INSTITUTIONS, required(i, "id"), "version", version, update);
    }

    /**
     * Updates (or creates) document {@code id} only when its {@code versionField} is missing or older than
     * {@code version}. When the stored version is newer or equal, the filter misses, the upsert tries to insert the
     * same {@code _id} and the duplicate key tells that nothing is to be done.
     */
    private boolean conditionalUpsert(String collection, String id, String versionField, long version, Update update) {
        Query query = Query.query(Criteria.where("_id").is(id).orOperator(
                Criteria.where(versionField).lt(version), Criteria.where(versionField).exists(false)));
        try {
            mongo.upsert(query, update, collection);
            return true;
        } catch (DuplicateKeyException stale) {
            return false;
        }
    }

    /** Drops both read models (before a replay). */
    public void drop() {
        mongo.dropCollection(CASES);
        mongo.dropCollection(INSTITUTIONS);
    }

    /** Every document of both read models, ordered by id: what a rebuild must reproduce. */
    public List<Document> snapshot() {
        List<Document> all = new ArrayList<>();
        Query byId = new Query().with(Sort.by("_id"));
        mongo.find(byId, Document.class, CASES).forEach(d -> all.add(new Document("collection", CASES).append("doc", d)));
        mongo.find(byId, Document.class, INSTITUTIONS)
                .forEach(d -> all.add(new Document("collection", INSTITUTIONS).append("doc", d)));
        return all;
    }

    /** Whether both read models are empty (a fresh database, or one whose read models were dropped). */
    public boolean isEmpty() {
        return mongo.estimatedCount(CASES) == 0 && mongo.estimatedCount(INSTITUTIONS) == 0;
    }

    /** Ids of read-model documents that did not come from a catalogue event (written before events existed). */
    public List<String> idsWithoutVersion(String collection) {
        String field = CASES.equals(collection) ? "contentVersion" : "version";
        Query query = Query.query(Criteria.where(field).exists(false));
        query.fields().include("_id");
        return mongo.find(query, Document.class, collection).stream().map(d -> d.get("_id").toString()).toList();
    }

    /** Ids of institutions whose current text an operator wrote (the seed loader leaves them alone). */
    public List<String> institutionsCuratedByOperator() {
        Query query = Query.query(Criteria.where("origin").is("OPERATOR"));
        query.fields().include("_id");
        return mongo.find(query, Document.class, INSTITUTIONS).stream().map(d -> d.get("_id").toString()).toList();
    }

    static long version(Instant occurredAt) {
        if (occurredAt == null) {
            throw new IllegalArgumentException("catalogue event without occurredAt");
        }
        try {
            return Math.addExact(Math.multiplyExact(occurredAt.getEpochSecond(), 1_000_000_000L),
                    occurredAt.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("catalogue event with a bad occurredAt: " + occurredAt, e);
        }
    }

    private static String required(JsonNode node, String name) {
        String value = node.path(name).asString(null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("catalogue event without " + name);
        }
        return value;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
