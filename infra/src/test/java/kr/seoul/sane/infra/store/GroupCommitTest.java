package kr.seoul.sane.infra.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;

/**
 * A write is answered only once it is on disk: a copy of the file taken right after the answer (what a crash of the
 * store would leave) has it. A round that fails is written again and loses nothing.
 */
class GroupCommitTest {

    @TempDir
    Path dir;
    private Path file;
    private DurableMemoryBackend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> proposals;

    @BeforeEach
    void start() {
        file = dir.resolve("store.mv");
        backend = new DurableMemoryBackend(file);
        server = new MongoServer(backend);
        client = MongoClients.create(server.bindAndGetConnectionString());
        proposals = client.getDatabase("sane-test").getCollection("proposals");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
        backend.close();
    }

    @Test
    void anAnsweredInsertUpdateAndDeleteAreInTheFileAtOnce() throws Exception {
        proposals.insertOne(new Document("_id", "p-1").append("status", "SUBMITTED")
                .append("history", List.of(new Document("status", "SUBMITTED"))));
        assertInCopy(copy -> assertThat(copy.find(Filters.eq("_id", "p-1")).first()).isNotNull());

        proposals.updateOne(Filters.eq("_id", "p-1"), Updates.combine(Updates.set("status", "ROUTED"),
                Updates.push("history", new Document("status", "ROUTED"))));
        proposals.insertMany(List.of(new Document("_id", "p-2"), new Document("_id", "p-3")));
        proposals.deleteOne(Filters.eq("_id", "p-3"));
        assertInCopy(copy -> {
            Document p1 = copy.find(Filters.eq("_id", "p-1")).first();
            assertThat(p1.getString("status")).isEqualTo("ROUTED");
            assertThat(p1.getList("history", Document.class)).hasSize(2);
            assertThat(copy.find().into(new ArrayList<>())).extracting(d -> d.getString("_id"))
                    .containsExactlyInAnyOrder("p-1", "p-2");
        });
    }

    @Test
    void concurrentWritersAreAllAnsweredAndOnDiskWithFewerRoundsThanWrites() throws Exception {
        int writers = 16;
        int writesEach = 25;
        long roundsBefore = backend.flushes();
        List<Thread> threads = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < writesEach; i++) {
                    proposals.insertOne(new Document("_id", new org.bson.types.ObjectId())
                            .append("writer", writer).append("n", i));
                    answered.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        int writes = writers * writesEach;
        assertThat(answered.get()).isEqualTo(writes);
        assertThat(backend.unflushed()).isZero();
        assertThat(backend.flushes() - roundsBefore).isPositive().isLessThan(writes);
        assertInCopy(copy -> assertThat(copy.countDocuments()).isEqualTo(writes));
    }

    @Test
    void aFailedRoundIsWrittenAgainAndNothingIsLost() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        backend.beforeCommit(() -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("disk full (injected)");
            }
        });

        proposals.insertOne(new Document("_id", "p-1").append("status", "SUBMITTED"));
        proposals.updateOne(Filters.eq("_id", "p-1"), Updates.set("status", "ROUTED"));

        assertThat(backend.failedFlushes()).isEqualTo(1);
        assertThat(backend.unflushed()).isZero();
        assertInCopy(copy -> assertThat(copy.find(Filters.eq("_id", "p-1")).first().getString("status"))
                .isEqualTo("ROUTED"));
    }

    @Test
    void readsWriteNothing() {
        proposals.insertOne(new Document("_id", "p-1"));
        long rounds = backend.flushes();

        for (int i = 0; i < 20; i++) {
            proposals.find(Filters.eq("_id", "p-1")).first();
            proposals.countDocuments();
        }
        // an update that changes nothing is no change either
        proposals.updateOne(Filters.eq("_id", "missing"), Updates.set("status", "X"));

        assertThat(backend.flushes()).isEqualTo(rounds);
        assertThat(backend.unflushed()).isZero();
    }

    @Test
    void aFileWithJavaSerialisedDocumentsStillOpens() throws Exception {
        // what the H2 backend and earlier versions of this store wrote: the document object itself
        Path old = dir.resolve("old.mv");
        org.h2.mvstore.MVStore written = org.h2.mvstore.MVStore.open(old.toString());
        written.<Object, Object>openMap("databases.sane-test.system.namespaces").put("n-1",
                new de.bwaldvogel.mongo.bson.Document("name", "sane-test.proposals"));
        written.<Object, Object>openMap("databases.sane-test.proposals").put("p-old",
                new de.bwaldvogel.mongo.bson.Document("_id", "p-old").append("status", "ROUTED"));
        de.bwaldvogel.mongo.bson.ObjectId objectId = new de.bwaldvogel.mongo.bson.ObjectId();
        written.<Object, Object>openMap("databases.sane-test.proposals").put(objectId,
                new StoredDocuments().encode(new de.bwaldvogel.mongo.bson.Document("_id", objectId)
                        .append("status", "SENT")));
        written.<Object, Object>openMap("databases.sane-test.proposals").put(7,
                new de.bwaldvogel.mongo.bson.Document("_id", 7).append("status", "SENT"));
        written.close();

        stop();
        Files.copy(old, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        start();
        assertThat(proposals.find(Filters.eq("_id", "p-old")).first().getString("status")).isEqualTo("ROUTED");
        proposals.updateOne(Filters.eq("_id", "p-old"), Updates.set("status", "ACCEPTED"));
        proposals.deleteOne(Filters.eq("_id", 7));
        proposals.updateOne(Filters.eq("_id", new org.bson.types.ObjectId(objectId.getHexData())),
                Updates.set("status", "READ"));
        assertInCopy(copy -> {
            assertThat(copy.find(Filters.eq("_id", "p-old")).first().getString("status")).isEqualTo("ACCEPTED");
            assertThat(copy.find(Filters.eq("_id", new org.bson.types.ObjectId(objectId.getHexData()))).first()
                    .getString("status")).isEqualTo("READ");
            assertThat(copy.countDocuments()).isEqualTo(2);
        });
    }

    /** Copies the file as it is now (what a crash would leave) and opens the copy as the store does. */
    private void assertInCopy(Consumer<MongoCollection<Document>> check) throws Exception {
        Path copy = dir.resolve("copy-" + System.nanoTime() + ".mv");
        Files.copy(file, copy);
        DurableMemoryBackend reopened = new DurableMemoryBackend(copy);
        MongoServer copyServer = new MongoServer(reopened);
        try (MongoClient copyClient = MongoClients.create(copyServer.bindAndGetConnectionString())) {
            check.accept(copyClient.getDatabase("sane-test").getCollection("proposals"));
        } finally {
            copyServer.shutdownNow();
            reopened.close();
        }
    }
}
