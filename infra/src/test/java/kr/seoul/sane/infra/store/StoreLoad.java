package kr.seoul.sane.infra.store;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Load driver for the store (not a test): the MongoDB driver against an in-process server with the file-backed
 * backend, replaying the services' per-proposal pattern, and the CPU and allocation of the store's own threads
 * ({@code mongo-server-*}, {@code mongo-store-*}) per simulated proposal, then single-insert and bulk-insert latency.
 *
 * <p>Run: {@code java -cp <test classpath> kr.seoul.sane.infra.store.StoreLoad [proposals] [clients]}, with
 * {@code -XX:StartFlightRecording=...} for allocation sites.
 */
public final class StoreLoad {

    private static final String PADDING = "가".repeat(300);

    private StoreLoad() {
    }

    public static void main(String[] args) throws Exception {
        int proposals = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("store-load");
        DurableMemoryBackend backend = new DurableMemoryBackend(dir.resolve("store.mv"));
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 16); // as MongoStoreMain does
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase("load");
            db.getCollection("proposals").createIndex(new Document("trackingCode", 1), new IndexOptions().unique(true));
            db.getCollection("outbox").createIndex(new Document("published", 1));
            db.getCollection("deliveries").createIndex(new Document("proposalId", 1));

            run(db, 0, proposals / 4, clients); // warm-up
            Map<String, long[]> before = threadUsage();
            long gcBefore = gcMillis();
            long wallStart = System.nanoTime();
            run(db, proposals / 4, proposals, clients);
            long wall = System.nanoTime() - wallStart;
            Map<String, long[]> after = threadUsage();
            long gc = gcMillis() - gcBefore;
            int measured = proposals - proposals / 4;
            long cpu = 0;
            long alloc = 0;
            for (var e : after.entrySet()) {
                if (e.getKey().startsWith("mongo-")) {
                    long[] b = before.getOrDefault(e.getKey(), new long[2]);
                    cpu += e.getValue()[0] - b[0];
                    alloc += e.getValue()[1] - b[1];
                }
            }
            System.out.printf("proposals %d, clients %d, wall %.1f s%n", measured, clients, wall / 1e9);
            System.out.printf("store threads: %.2f ms CPU per proposal, %.0f KB allocated per proposal%n",
                    cpu / 1e6 / measured, alloc / 1024.0 / measured);
            System.out.printf("whole JVM: GC %d ms = %.1f %% of wall (clients included)%n", gc, gc * 100.0 / (wall / 1e6));

            latency("single insert", 2000, i -> db.getCollection("latency")
                    .insertOne(new Document("_id", "s-" + i).append("body", PADDING)));
            latency("insertMany(10)", 300, i -> {
                List<Document> batch = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    batch.add(new Document("_id", "b-" + i + "-" + k).append("body", PADDING));
                }
                db.getCollection("latency").insertMany(batch);
            });
            latency("find by _id", 2000, i -> db.getCollection("latency").find(Filters.eq("_id", "s-" + i)).first());
            Map<String, long[]> idleStart = threadUsage();
            Thread.sleep(5000);
            Map<String, long[]> idleEnd = threadUsage();
            long idle = 0;
            for (var e : idleEnd.entrySet()) {
                if (e.getKey().startsWith("mongo-")) {
                    idle += e.getValue()[0] - idleStart.getOrDefault(e.getKey(), new long[2])[0];
                }
            }
            System.out.printf("idle: %.4f cores of store threads%n", idle / 5e9);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    interface Op {
        void run(int i);
    }

    private static void latency(String name, int n, Op op) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.run(i);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms%n", name, nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6);
    }

    private static void run(MongoDatabase db, int from, int to, int clients) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Thread.ofPlatform().name("load-client-" + c).start(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < to; ) {
                        proposal(db, i);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    /** About the round trips one proposal causes across the services. */
    private static void proposal(MongoDatabase db, int i) {
        MongoCollection<Document> proposals = db.getCollection("proposals");
        MongoCollection<Document> outbox = db.getCollection("outbox");
        MongoCollection<Document> deliveries = db.getCollection("deliveries");
        MongoCollection<Document> processed = db.getCollection("processed");
        String id = "p-" + i;
        // proposal-service: the proposal and its outbox event
        proposals.insertOne(proposal(id, i));
        outbox.insertOne(new Document("_id", "o-" + i + "-0").append("published", false)
                .append("payload", new Document("proposalId", id).append("text", PADDING)));
        proposals.find(Filters.eq("trackingCode", "SN-" + i)).first();
        // routing-service: reads, idempotency marker, routed status
        proposals.find(Filters.eq("_id", id)).first();
        processed.insertOne(new Document("_id", "routing:" + id).append("at", System.currentTimeMillis()));
        proposals.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "ROUTED"),
                Updates.push("history", new Document("status", "ROUTED").append("note", "routed to dept"))));
        // outbox relay: batch of events, marked published in one bulk
        List<Document> events = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            events.add(new Document("_id", "o-" + i + "-" + k).append("published", false)
                    .append("payload", new Document("proposalId", id).append("seq", k)));
        }
        outbox.insertMany(events);
        List<WriteModel<Document>> marks = new ArrayList<>();
        for (int k = 0; k <= 3; k++) {
            marks.add(new UpdateOneModel<>(Filters.eq("_id", "o-" + i + "-" + k), Updates.set("published", true)));
        }
        outbox.bulkWrite(marks);
        // notification-service: deliveries claimed and sent
        List<Document> mails = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            mails.add(new Document("_id", "d-" + i + "-" + k).append("proposalId", id).append("status", "PENDING")
                    .append("attempts", 0).append("body", PADDING));
        }
        deliveries.insertMany(mails);
        for (int k = 0; k < 3; k++) {
            deliveries.findOneAndUpdate(Filters.and(Filters.eq("_id", "d-" + i + "-" + k),
                            Filters.eq("status", "PENDING")),
                    Updates.combine(Updates.set("status", "SENDING"), Updates.inc("attempts", 1)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            deliveries.updateOne(Filters.eq("_id", "d-" + i + "-" + k), Updates.set("status", "SENT"));
        }
        deliveries.find(Filters.eq("proposalId", id)).into(new ArrayList<>());
        proposals.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "ACCEPTED"),
                Updates.inc("version", 1), Updates.push("history", new Document("status", "ACCEPTED"))));
        processed.insertOne(new Document("_id", "notification:" + id).append("at", System.currentTimeMillis()));
        // the relay's cleanup
        outbox.deleteMany(Filters.in("_id", "o-" + i + "-0", "o-" + i + "-1", "o-" + i + "-2", "o-" + i + "-3"));
        proposals.find(Filters.eq("_id", id)).first();
    }

    private static Document proposal(String id, int i) {
        List<Document> attachments = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            attachments.add(new Document("name", "file-" + k + ".pdf").append("size", 1000 + k)
                    .append("tags", List.of("a", "b", "c")));
        }
        return new Document("_id", id).append("trackingCode", "SN-" + i).append("status", "SUBMITTED")
                .append("title", "제안 " + i).append("body", PADDING + PADDING)
                .append("proposer", new Document("name", "홍길동").append("email", "p" + i + "@example.kr"))
                .append("attachments", attachments).append("history", new ArrayList<>(List.of(
                        new Document("status", "SUBMITTED").append("note", "received"))))
                .append("version", 0);
    }

    private static Map<String, long[]> threadUsage() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, long[]> usage = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long id = info.getThreadId();
                usage.put(info.getThreadName() + "#" + id,
                        new long[] {threads.getThreadCpuTime(id), threads.getThreadAllocatedBytes(id)});
            }
        }
        return usage;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime()))
                .sum();
    }
}
