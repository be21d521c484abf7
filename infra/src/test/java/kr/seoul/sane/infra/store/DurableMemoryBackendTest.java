package kr.seoul.sane.infra.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Through the real MongoDB driver: guarded single-document operations use the key and still check every condition;
 * what was written is there again after the store is reopened from its file.
 */
class DurableMemoryBackendTest {

    private DurableMemoryBackend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> deliveries;

    @BeforeEach
    void start() {
        backend = DurableMemoryBackend.inMemoryStore();
        server = new MongoServer(backend);
        client = MongoClients.create(server.bindAndGetConnectionString());
        deliveries = client.getDatabase("sane-test").getCollection("deliveries");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            documents.add(new Document("_id", "d-" + i).append("status", i % 2 == 0 ? "PENDING" : "SENT")
                    .append("attempts", 0));
        }
        deliveries.insertMany(documents);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
        backend.close();
    }

    @Test
    void guardedUpdatesFindTheirDocumentByKeyWithoutScanning() {
        long scansBefore = backend.fullScans();

        for (int i = 0; i < 500; i++) {
            deliveries.updateOne(Filters.and(Filters.eq("_id", "d-" + i), Filters.eq("status", "PENDING")),
                    Updates.set("status", "SENDING"));
        }
        // the flat form Spring Data writes for Criteria.where("_id").is(id).and("status").is(...)
        for (int i = 0; i < 500; i++) {
            deliveries.updateOne(new Document("_id", "d-" + i).append("status", "SENDING"),
                    Updates.set("status", "SENDING"));
        }
        Document claimed = deliveries.findOneAndUpdate(
                Filters.and(Filters.eq("_id", "d-2"),
                        Filters.or(Filters.eq("status", "SENDING"), Filters.eq("status", "RETRY"))),
                Updates.inc("attempts", 1), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));

        assertThat(backend.fullScans()).isEqualTo(scansBefore);
        assertThat(claimed).isNotNull();
        assertThat(claimed.getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void collStatsAddsUpTheSizeOfTheDocumentsAsTheyAreAfterInsertsUpdatesAndRemovals() {
        deliveries.updateMany(Filters.eq("status", "PENDING"), Updates.set("note", "가".repeat(100)));
        deliveries.deleteMany(Filters.in("_id", "d-1", "d-3"));
        long expected = 0;
        for (Document document : deliveries.find()) {
            expected += bsonSize(document);
        }

        Document stats = client.getDatabase("sane-test").runCommand(new Document("collStats", "deliveries"));

        assertThat(stats.get("count", Number.class).longValue()).isEqualTo(498);
        assertThat(stats.get("size", Number.class).longValue()).isEqualTo(expected);
    }

    private static long bsonSize(Document document) {
        org.bson.io.BasicOutputBuffer out = new org.bson.io.BasicOutputBuffer();
        new org.bson.codecs.DocumentCodec().encode(new org.bson.BsonBinaryWriter(out), document,
                org.bson.codecs.EncoderContext.builder().build());
        return out.getSize();
    }

    @Test
    void theOtherConditionsStillDecide() {
        // a SENT delivery must not be claimed: the guard fails although the key matches
        assertThat(deliveries.updateOne(Filters.and(Filters.eq("_id", "d-1"), Filters.eq("status", "PENDING")),
                Updates.set("status", "SENDING")).getModifiedCount()).isZero();
        assertThat(deliveries.updateOne(Filters.and(Filters.eq("_id", "d-0"), Filters.eq("status", "PENDING")),
                Updates.set("status", "SENDING")).getModifiedCount()).isEqualTo(1);
        assertThat(deliveries.find(Filters.and(Filters.eq("_id", "d-0"), Filters.eq("status", "PENDING"))).first())
                .isNull();
        assertThat(deliveries.find(Filters.and(Filters.eq("_id", "missing"), Filters.eq("status", "PENDING")))
                .first()).isNull();
        assertThat(deliveries.countDocuments(Filters.and(Filters.eq("_id", "d-4"), Filters.gte("attempts", 0))))
                .isEqualTo(1);
    }

    @Test
    void reopeningTheFileBringsBackDocumentsUpdatesRemovalsAndUniqueIndexes(@TempDir Path dir) {
        Path file = dir.resolve("store.mv");
        withStore(file, proposals -> {
            proposals.createIndex(new Document("trackingCode", 1), new IndexOptions().unique(true));
            proposals.insertMany(List.of(
                    new Document("_id", "p-1").append("status", "SUBMITTED").append("trackingCode", "SN-1"),
                    new Document("_id", "p-2").append("status", "SUBMITTED").append("trackingCode", "SN-2"),
                    new Document("_id", "p-3").append("status", "SUBMITTED").append("trackingCode", "SN-3")));
            proposals.updateOne(new Document("_id", "p-1").append("status", "SUBMITTED"),
                    Updates.set("status", "ROUTED"));
            proposals.deleteOne(Filters.eq("_id", "p-3"));
            client.getDatabase("sane-test").getCollection("dropped").insertOne(new Document("_id", 1));
            client.getDatabase("sane-test").getCollection("dropped").drop();
        });

        withStore(file, proposals -> {
            assertThat(proposals.find().sort(new Document("_id", 1)).into(new ArrayList<>()))
                    .extracting(d -> d.getString("_id") + "=" + d.getString("status"))
                    .containsExactly("p-1=ROUTED", "p-2=SUBMITTED");
            assertThatThrownBy(() -> proposals.insertOne(new Document("_id", "p-9").append("trackingCode", "SN-2")))
                    .as("the unique index on trackingCode is rebuilt from the file")
                    .isInstanceOf(MongoWriteException.class);
            assertThat(client.getDatabase("sane-test").listCollectionNames().into(new ArrayList<>()))
                    .doesNotContain("dropped");
            // a change made after reopening is kept too
            proposals.updateOne(Filters.eq("_id", "p-2"), Updates.set("status", "ACCEPTED"));
        });

        withStore(file, proposals -> assertThat(proposals.find(Filters.eq("_id", "p-2")).first().getString("status"))
                .isEqualTo("ACCEPTED"));
    }

    @Test
    void aUniqueIndexFollowsUpdatesThatKeepMoveOrReuseItsValues() {
        MongoCollection<Document> proposals = client.getDatabase("sane-test").getCollection("unique");
        proposals.createIndex(new Document("trackingCode", 1), new IndexOptions().unique(true));
        proposals.createIndex(new Document("contact", 1), new IndexOptions().unique(true).sparse(true));
        proposals.insertMany(List.of(
                new Document("_id", "p-1").append("trackingCode", "SN-1").append("contact", new Document("e", "a")),
                new Document("_id", "p-2").append("trackingCode", "SN-2")));

        // another field set: the keys stay, and still refuse a second holder
        proposals.updateOne(Filters.eq("_id", "p-1"), Updates.set("status", "ROUTED"));
        assertThatThrownBy(() -> proposals.insertOne(new Document("_id", "p-3").append("trackingCode", "SN-1")))
                .isInstanceOf(MongoWriteException.class);
        // a key moved to a value another document holds is refused, and nothing of the update is kept
        assertThatThrownBy(() -> proposals.updateOne(Filters.eq("_id", "p-2"), Updates.combine(
                Updates.set("trackingCode", "SN-1"), Updates.set("status", "LOST"))))
                .isInstanceOf(MongoWriteException.class);
        assertThat(proposals.find(Filters.eq("_id", "p-2")).first()).doesNotContainKey("status");
        // a key moved to a free value frees the old one
        proposals.updateOne(Filters.eq("_id", "p-2"), Updates.set("trackingCode", "SN-9"));
        proposals.insertOne(new Document("_id", "p-4").append("trackingCode", "SN-2"));
        // a sub-document changed in place is compared by its content
        proposals.updateOne(Filters.eq("_id", "p-1"), Updates.set("contact.e", "b"));
        proposals.insertOne(new Document("_id", "p-5").append("trackingCode", "SN-5").append("contact",
                new Document("e", "a")));
        assertThatThrownBy(() -> proposals.insertOne(new Document("_id", "p-6").append("trackingCode", "SN-6")
                .append("contact", new Document("e", "b")))).isInstanceOf(MongoWriteException.class);

        assertThat(proposals.find().sort(new Document("_id", 1)).into(new ArrayList<>()))
                .extracting(d -> d.getString("_id") + "=" + d.getString("trackingCode"))
                .containsExactly("p-1=SN-1", "p-2=SN-9", "p-4=SN-2", "p-5=SN-5");
    }

    /** Opens the file as the store does, runs the work through the driver, closes the store (which writes the file). */
    private long found(org.bson.conversions.Bson filter) {
        return deliveries.find(filter).into(new ArrayList<>()).size();
    }

    /** The store {@link #withStore} opened last. */
    private DurableMemoryBackend fileStore;

    private void withStore(Path file, java.util.function.Consumer<MongoCollection<Document>> work) {
        DurableMemoryBackend store = new DurableMemoryBackend(file);
        fileStore = store;
        MongoServer fileServer = new MongoServer(store);
        MongoClient previous = client;
        try (MongoClient fileClient = MongoClients.create(fileServer.bindAndGetConnectionString())) {
            client = fileClient;
            work.accept(fileClient.getDatabase("sane-test").getCollection("proposals"));
        } finally {
            client = previous;
            fileServer.shutdownNow();
            store.close();
        }
    }

    @Test
    void queriesWithoutAKeyStillScan() {
        long scansBefore = backend.fullScans();

        long pending = deliveries.countDocuments(Filters.eq("status", "PENDING"));

        assertThat(pending).isEqualTo(250);
        assertThat(backend.fullScans()).isGreaterThan(scansBefore);
    }

    @Test
    void aListOfKeysIsLookedUpInTheKeyIndexAndTheOtherConditionsStillDecide() {
        long scansBefore = backend.fullScans();

        long some = found(Filters.and(Filters.in("_id", "d-0", "d-1", "d-3", "missing"), Filters.eq("status", "SENT")));
        List<String> found = deliveries.find(Filters.and(Filters.in("_id", "d-7", "d-2", "d-4"),
                Filters.nin("status", "SENT"))).into(new ArrayList<>()).stream().map(d -> d.getString("_id")).toList();
        // the flat form Spring Data writes for Criteria.where("_id").in(ids).and("status").is(...)
        long updated = deliveries.updateMany(new Document("_id", new Document("$in", List.of("d-5", "d-6")))
                .append("status", "SENT"), Updates.set("status", "ARCHIVED")).getModifiedCount();

        assertThat(some).isEqualTo(2);
        assertThat(found).containsExactlyInAnyOrder("d-2", "d-4");
        assertThat(updated).isEqualTo(1);
        assertThat(backend.fullScans()).isEqualTo(scansBefore);
    }

    @Test
    void aSecondaryIndexAnswersEqualityOnItsFirstFieldWithoutScanningAndFollowsEveryChange() {
        deliveries.createIndex(new Document("status", 1).append("attempts", 1));
        deliveries.insertOne(new Document("_id", "odd-status").append("status", 7)); // not a string: always read
        deliveries.insertOne(new Document("_id", "no-status"));
        long scansBefore = backend.fullScans();

        // updates that leave the indexed value as it was (another field; the same value again) keep the entries
        deliveries.updateMany(Filters.in("_id", "d-0", "d-1", "d-2"), Updates.set("sentAt", 5));
        deliveries.updateOne(Filters.eq("_id", "d-6"), Updates.set("status", "PENDING"));
        deliveries.updateOne(Filters.eq("_id", "d-3"), Updates.set("status", "SENT"));
        deliveries.updateOne(Filters.eq("_id", "odd-status"), Updates.set("sentAt", 6));
        deliveries.updateMany(Filters.in("_id", "d-0", "d-2"), Updates.set("status", "SENDING"));
        deliveries.deleteOne(Filters.eq("_id", "d-4"));
        long pending = found(Filters.eq("status", "PENDING"));
        long backlog = found(Filters.in("status", "PENDING", "SENDING"));
        // the senders' backlog query: every branch pins the status, the other conditions still decide
        List<String> due = deliveries.find(Filters.or(
                        new Document("status", "SENDING").append("attempts", new Document("$gte", 0)),
                        new Document("status", "PENDING").append("_id", new Document("$in", List.of("d-6", "d-1")))))
                .into(new ArrayList<>()).stream().map(d -> d.getString("_id")).toList();
        List<String> numeric = deliveries.find(Filters.eq("status", 7)).into(new ArrayList<>()).stream()
                .map(d -> d.getString("_id")).toList();

        assertThat(pending).isEqualTo(247);
        assertThat(backlog).isEqualTo(249);
        assertThat(due).containsExactlyInAnyOrder("d-0", "d-2", "d-6");
        // the overdue gauge's form: every document that holds a value (a document without one is never read)
        long withStatus = found(Filters.ne("status", null));

        assertThat(numeric).containsExactly("odd-status");
        assertThat(withStatus).isEqualTo(500);
        assertThat(backend.fullScans()).isEqualTo(scansBefore + 1); // only the numeric query read everything

        long missing = deliveries.countDocuments(Filters.eq("status", null));
        assertThat(missing).isEqualTo(1);
    }

    @Test
    void anIndexOnANestedPathReadsOnlyTheDocumentsThatHoldAValueThereAndFollowsEveryChange() {
        MongoCollection<Document> proposals = client.getDatabase("sane-test").getCollection("proposals");
        proposals.createIndex(new Document("pendingEvents.occurredAt", 1), new IndexOptions().sparse(true));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            documents.add(new Document("_id", "p-" + i).append("pendingEvents", List.of()));
        }
        documents.add(new Document("_id", "old").append("pendingEvents", List.of(new Document("occurredAt", 10),
                new Document("occurredAt", 50))));
        documents.add(new Document("_id", "new").append("pendingEvents", List.of(new Document("occurredAt", 90))));
        documents.add(new Document("_id", "flat").append("pendingEvents", new Document("occurredAt", 20)));
        documents.add(new Document("_id", "null").append("pendingEvents", List.of(new Document("occurredAt", null))));
        proposals.insertMany(documents);
        proposals.updateOne(Filters.eq("_id", "p-7"), Updates.push("pendingEvents", new Document("occurredAt", 30)));
        proposals.updateOne(Filters.eq("_id", "new"), Updates.set("pendingEvents", List.of()));
        proposals.updateOne(Filters.eq("_id", "old"), Updates.set("title", "changed, events kept"));
        proposals.updateOne(Filters.eq("_id", "p-8"), Updates.set("title", "still without events"));
        proposals.deleteOne(Filters.eq("_id", "flat"));
        long scansBefore = backend.fullScans();

        List<String> stale = proposals.find(Filters.lt("pendingEvents.occurredAt", 60)).into(new ArrayList<>())
                .stream().map(d -> d.getString("_id")).toList();
        List<String> exact = proposals.find(Filters.and(Filters.eq("pendingEvents.occurredAt", 50),
                Filters.eq("_id", "old"))).into(new ArrayList<>()).stream().map(d -> d.getString("_id")).toList();

        assertThat(stale).containsExactlyInAnyOrder("old", "p-7");
        assertThat(exact).containsExactly("old");
        assertThat(backend.fullScans()).isEqualTo(scansBefore);
        // a condition a document without the value can meet still reads everything, and still answers right
        List<String> without = proposals.find(Filters.eq("pendingEvents.occurredAt", null)).into(new ArrayList<>())
                .stream().map(d -> d.getString("_id")).toList();
        assertThat(without).contains("null").doesNotContain("old", "p-7");
        assertThat(backend.fullScans()).isGreaterThan(scansBefore);
    }

    @Test
    void aCountOrAnAggregationBeginningWithAMatchAnIndexAnswersReadsOnlyThoseDocuments() {
        deliveries.createIndex(new Document("status", 1));
        deliveries.insertOne(new Document("_id", "no-status"));
        backend.drainScansByCollection();
        long scansBefore = backend.fullScans();

        // countDocuments: [{$match: filter}, {$group: {_id: 1, n: {$sum: 1}}}]
        long pending = deliveries.countDocuments(Filters.eq("status", "PENDING"));
        long someSent = deliveries.countDocuments(Filters.and(Filters.in("_id", "d-0", "d-1", "d-3", "missing"),
                Filters.eq("status", "SENT")));
        long one = deliveries.countDocuments(new Document("_id", "d-1").append("status", "SENT"));
        List<Document> byStatus = deliveries.aggregate(List.of(
                        Aggregates.match(Filters.in("status", "PENDING", "SENT")),
                        Aggregates.group("$status", Accumulators.sum("n", 1)),
                        Aggregates.sort(Sorts.ascending("_id"))))
                .into(new ArrayList<>());

        assertThat(pending).isEqualTo(250);
        assertThat(someSent).isEqualTo(2);
        assertThat(one).isEqualTo(1);
        assertThat(byStatus).extracting(d -> d.getString("_id") + "=" + d.getInteger("n"))
                .containsExactly("PENDING=250", "SENT=250");
        assertThat(backend.fullScans()).isEqualTo(scansBefore);

        // only the aggregation's source takes the condition: a later stage reading the same collection reads it all
        List<Document> joined = deliveries.aggregate(List.of(
                        Aggregates.match(Filters.and(Filters.eq("status", "PENDING"), Filters.in("_id", "d-0", "d-2"))),
                        new Document("$lookup", new Document("from", "deliveries").append("as", "all")
                                .append("pipeline", List.of()))))
                .into(new ArrayList<>());
        assertThat(joined).extracting(d -> d.getList("all", Document.class).size()).containsExactly(501, 501);

        // a condition no index answers still reads everything, and the scan log names the aggregation's condition
        backend.drainScansByCollection();
        long fresh = deliveries.countDocuments(Filters.eq("attempts", 0));
        long missing = deliveries.countDocuments(Filters.eq("status", null));
        long all = deliveries.countDocuments();

        assertThat(fresh).isEqualTo(500);
        assertThat(missing).isEqualTo(1);
        assertThat(all).isEqualTo(501);
        assertThat(backend.drainScansByCollection()).containsOnlyKeys("sane-test.deliveries {$match:{attempts}}",
                "sane-test.deliveries {$match:{status}}", "sane-test.deliveries {}");
    }

    @Test
    void aSecondaryIndexIsRebuiltWhenTheFileIsReopened(@TempDir Path dir) {
        Path file = dir.resolve("store.mv");
        withStore(file, proposals -> {
            proposals.createIndex(new Document("status", 1).append("submittedAt", 1));
            proposals.insertMany(List.of(new Document("_id", "p-1").append("status", "SUBMITTED"),
                    new Document("_id", "p-2").append("status", "ROUTED")));
        });
        withStore(file, proposals -> {
            long scansBefore = fileStore.fullScans();
            assertThat(proposals.find(Filters.eq("status", "ROUTED")).into(new ArrayList<>()))
                    .extracting(d -> d.getString("_id")).containsExactly("p-2");
            proposals.updateOne(Filters.eq("_id", "p-1"), Updates.set("status", "ROUTED"));
            assertThat(proposals.find(Filters.eq("status", "ROUTED")).into(new ArrayList<>())).hasSize(2);
            assertThat(fileStore.fullScans()).isEqualTo(scansBefore);
        });
    }
}
