package kr.seoul.sane.infra.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;

/** Through the real MongoDB driver: guarded single-document operations use the key and still check every condition. */
class KeyedH2BackendTest {

    private KeyedH2Backend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> deliveries;

    @BeforeEach
    void start() {
        backend = KeyedH2Backend.inMemoryStore();
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
    void reopensAFileWrittenBeforeAndKeepsItsDocuments(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        writeThenClose(file, new Document("_id", "p-1").append("status", "SUBMITTED"));

        KeyedH2Backend reopened = new KeyedH2Backend(file);
        MongoServer again = new MongoServer(reopened);
        try (MongoClient other = MongoClients.create(again.bindAndGetConnectionString())) {
            MongoCollection<Document> proposals = other.getDatabase("sane-test").getCollection("proposals");
            assertThat(proposals.updateOne(new Document("_id", "p-1").append("status", "SUBMITTED"),
                    Updates.set("status", "ROUTED")).getModifiedCount()).isEqualTo(1);
            assertThat(proposals.find(Filters.eq("status", "ROUTED")).first()).isNotNull();
        } finally {
            again.shutdownNow();
            reopened.close();
        }
    }

    private static void writeThenClose(String file, Document document) {
        KeyedH2Backend first = new KeyedH2Backend(file);
        MongoServer server = new MongoServer(first);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            client.getDatabase("sane-test").getCollection("proposals").insertOne(document);
        } finally {
            server.shutdownNow();
            first.close();
        }
    }

    @Test
    void queriesWithoutOneKeyStillScan() {
        long scansBefore = backend.fullScans();

        long pending = deliveries.countDocuments(Filters.eq("status", "PENDING"));
        long some = deliveries.countDocuments(Filters.and(Filters.in("_id", "d-0", "d-1", "d-3"),
                Filters.eq("status", "SENT")));

        assertThat(pending).isEqualTo(250);
        assertThat(some).isEqualTo(2);
        assertThat(backend.fullScans()).isGreaterThan(scansBefore);
    }
}
