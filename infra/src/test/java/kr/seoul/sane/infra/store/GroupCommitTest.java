package kr.seoul.sane.infra.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
 * A write is answered only once it is on disk: a copy of the store's files taken right after the answer (what a crash
 * of the store would leave: the MVStore file and its journal) has it. A round that fails is written again and loses
 * nothing. The journal in front of the MVStore file: an answered write is in the journal before the MVStore file has
 * it; a checkpoint moves the journalled changes into the MVStore file and deletes the segments it covers; the
 * segments left by a crash are replayed at start, a record cut off by the crash is ignored; a closed store leaves no
 * journal.
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

    /**
     * Copies the store as a crash would leave it: the MVStore file and the journal segments beside it, under the
     * name {@code copy}.
     */
    static Path crashCopy(Path file, Path copy) throws java.io.IOException {
        Files.copy(file, copy);
        for (Path segment : Journal.segments(file)) {
            String name = segment.getFileName().toString();
            Files.copy(segment, copy.resolveSibling(copy.getFileName() + name.substring(name.indexOf(".journal."))));
        }
        return copy;
    }

    /** Copies the store as it is now (what a crash would leave) and opens the copy as the store does. */
    private void assertInCopy(Consumer<MongoCollection<Document>> check) throws Exception {
        inStore(crashCopy(file, dir.resolve("copy-" + System.nanoTime() + ".mv")), check);
    }

    /** Opens a store file (and its journal) as the store does and runs the check on its proposals. */
    private void inStore(Path storeFile, Consumer<MongoCollection<Document>> check) {
        DurableMemoryBackend reopened = new DurableMemoryBackend(storeFile);
        MongoServer copyServer = new MongoServer(reopened);
        try (MongoClient copyClient = MongoClients.create(copyServer.bindAndGetConnectionString())) {
            check.accept(copyClient.getDatabase("sane-test").getCollection("proposals"));
        } finally {
            copyServer.shutdownNow();
            reopened.close();
        }
    }

    @Test
    void anAnsweredWriteIsInTheJournalAndACrashReplaysIt() throws Exception {
        proposals.insertOne(new Document("_id", "p-1").append("status", "SUBMITTED"));
        proposals.updateOne(Filters.eq("_id", "p-1"), Updates.set("status", "ROUTED"));
        proposals.insertOne(new Document("_id", "p-2"));
        proposals.deleteOne(Filters.eq("_id", "p-2"));

        assertThat(Journal.segments(file)).hasSize(1);
        assertThat(Files.size(Journal.segments(file).getFirst())).isPositive();
        // the MVStore file alone does not have the changes yet: they wait for the checkpoint
        assertThat(documentsIn(Files.copy(file, dir.resolve("file-only.mv")))).isZero();
        Path copy = crashCopy(file, dir.resolve("crash.mv"));
        inStore(copy, copied -> {
            assertThat(copied.find(Filters.eq("_id", "p-1")).first().getString("status")).isEqualTo("ROUTED");
            assertThat(copied.countDocuments()).isEqualTo(1);
        });
        assertThat(Journal.segments(copy)).as("replayed segments are deleted once the file has them").isEmpty();
    }

    @Test
    void aRecordCutOffByACrashIsIgnoredAndEverythingBeforeItIsThere() throws Exception {
        for (int i = 0; i < 20; i++) {
            proposals.insertOne(new Document("_id", "p-" + i).append("n", i));
        }
        Path copy = crashCopy(file, dir.resolve("torn.mv"));
        Path segment = Journal.segments(copy).getLast();
        // half a record: a length that promises more than follows, as a write cut off by the crash leaves it
        Files.write(segment, new byte[] {0, 0, 1, 0, 7, 7, 7, 7, 1, 2, 3}, StandardOpenOption.APPEND);

        inStore(copy, copied -> assertThat(copied.countDocuments()).isEqualTo(20));
    }

    @Test
    void aCheckpointMovesTheChangesIntoTheFileAndDeletesTheSegmentsItCovers() throws Exception {
        backend.checkpointInterval(Duration.ZERO);
        proposals.insertOne(new Document("_id", "p-1").append("status", "SUBMITTED"));
        Thread.sleep(1_100); // checkpoints are considered at most once a second, after a round
        proposals.updateOne(Filters.eq("_id", "p-1"), Updates.set("status", "ROUTED"));
        proposals.insertOne(new Document("_id", "p-2"));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (documentsIn(Files.copy(file, dir.resolve("f-" + System.nanoTime() + ".mv"))) < 1
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(documentsIn(Files.copy(file, dir.resolve("checkpointed.mv")))).isPositive();
        assertThat(Journal.segments(file)).as("only the segment being written is left").hasSize(1);
        inStore(crashCopy(file, dir.resolve("after.mv")), copied -> {
            assertThat(copied.find(Filters.eq("_id", "p-1")).first().getString("status")).isEqualTo("ROUTED");
            assertThat(copied.countDocuments()).isEqualTo(2);
        });
    }

    @Test
    void aDroppedCollectionStaysDroppedAfterReplay() throws Exception {
        proposals.insertOne(new Document("_id", "p-1"));
        proposals.drop();
        proposals.insertOne(new Document("_id", "p-2"));

        inStore(crashCopy(file, dir.resolve("dropped.mv")), copied -> assertThat(
                copied.find().into(new java.util.ArrayList<>())).extracting(d -> d.getString("_id"))
                .containsExactly("p-2"));
    }

    @Test
    void aClosedStoreHasEverythingInItsFileAndNoJournal() throws Exception {
        proposals.insertMany(List.of(new Document("_id", "p-1"), new Document("_id", "p-2")));
        stop();

        assertThat(Journal.segments(file)).isEmpty();
        assertThat(documentsIn(file)).isEqualTo(2);
        start();
        assertThat(proposals.countDocuments()).isEqualTo(2);
    }

    /** Documents of the proposals collection in an MVStore file opened without its journal. */
    private long documentsIn(Path mvFile) {
        org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(mvFile.toString()).readOnly()
                .open();
        try {
            return store.hasMap("documents.sane-test.proposals") ? store.openMap("documents.sane-test.proposals",
                    new org.h2.mvstore.MVMap.Builder<String, byte[]>()
                            .keyType(org.h2.mvstore.type.StringDataType.INSTANCE)
                            .valueType(org.h2.mvstore.type.ByteArrayDataType.INSTANCE)).size() : 0;
        } finally {
            store.close();
        }
    }
}
