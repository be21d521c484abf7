package kr.seoul.sane.infra.store;

import kr.seoul.sane.infra.bench.PlatformCpu;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.bson.types.ObjectId;

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
 * Load driver for the store (not a test): the MongoDB driver against a store in its own JVM (file-backed backend,
 * as {@code MongoStoreMain} runs it), replaying the services' per-proposal pattern; prints the store process's CPU,
 * allocation and GC time per simulated proposal, single-insert and bulk-insert latency, and its idle CPU.
 *
 * <p>Run: {@code java -cp <test classpath> kr.seoul.sane.infra.store.StoreLoad [proposals] [clients] [proposals/s]}
 * (without a rate the clients run flat out; the platform's bench sends about 25 proposals/s);
 * {@code STORE_JVM_FLAGS} sets the store JVM's flags (default {@code -Xmx1g -XX:+UseSerialGC}; add
 * {@code -XX:StartFlightRecording=filename=store.jfr} for allocation sites).
 */
public final class StoreLoad {

    private static final String PADDING = "가".repeat(300);

    private StoreLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            serve();
            return;
        }
        int proposals = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        String flags = System.getenv().getOrDefault("STORE_JVM_FLAGS", "-Xmx1g -XX:+UseSerialGC");
        command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StoreLoad.class.getName(), "server"));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
        var in = new java.io.PrintWriter(server.getOutputStream(), true);
        String port = out.readLine();
        while (!port.matches("\\d+")) { // e.g. the flight recorder's start message
            port = out.readLine();
        }
        System.out.println("store JVM: " + flags);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoDatabase db = client.getDatabase("load");
            db.getCollection("proposals").createIndex(new Document("trackingCode", 1), new IndexOptions().unique(true));
            db.getCollection("outbox").createIndex(new Document("published", 1));
            db.getCollection("deliveries").createIndex(new Document("proposalId", 1));

            run(db, 0, proposals / 4, clients, rate); // warm-up
            WRITE_NANOS.clear();
            long[] before = stats(server, in, out);
            long wallStart = System.nanoTime();
            run(db, proposals / 4, proposals, clients, rate);
            long wall = System.nanoTime() - wallStart;
            long[] after = stats(server, in, out);
            int n = proposals - proposals / 4;
            System.out.printf("proposals %d, clients %d, wall %.1f s, %.1f proposals/s%n", n, clients, wall / 1e9,
                    n / (wall / 1e9));
            System.out.printf("store process: %.2f ms CPU per proposal, %.0f KB allocated per proposal, GC %d ms ="
                            + " %.1f %% of its CPU, %.2f writes to the file per proposal (%.0f per second), "
                            + "file %d KB%n",
                    (after[0] - before[0]) / 1e6 / n, (after[1] - before[1]) / 1024.0 / n, after[2] - before[2],
                    (after[2] - before[2]) * 1e8 / (after[0] - before[0]), (after[3] - before[3]) / (double) n,
                    (after[3] - before[3]) / (wall / 1e9), after[4] / 1024);
            long[] writes;
            synchronized (WRITE_NANOS) {
                writes = WRITE_NANOS.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            System.out.printf("write commands under load: %d, p50 %.2f ms, p99 %.2f ms%n", writes.length,
                    writes[writes.length / 2] / 1e6, writes[writes.length * 99 / 100] / 1e6);

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
            long[] idleStart = stats(server, in, out);
            Thread.sleep(10_000);
            long[] idleEnd = stats(server, in, out);
            System.out.printf("idle: %.4f cores%n", (idleEnd[0] - idleStart[0]) / 10e9);
        } finally {
            in.close();
            server.waitFor();
        }
    }

    /** CPU ns of the whole store process, bytes allocated, GC ms, rounds written, file size. */
    private static long[] stats(Process server, java.io.PrintWriter in, java.io.BufferedReader out)
            throws java.io.IOException {
        in.println("stats");
        String line = out.readLine();
        while (!line.matches("[-\\d ]+")) {
            line = out.readLine();
        }
        String[] values = line.split(" ");
        long cpuNanos = Math.round(PlatformCpu.processCpuMs(server.pid()) * 1_000_000);
        return new long[] {cpuNanos, Long.parseLong(values[0]), Long.parseLong(values[1]),
                Long.parseLong(values[2]), Long.parseLong(values[3])};
    }

    /** The store's side: serves on a free port (printed first), answers "stats" lines, stops at end of input. */
    private static void serve() throws Exception {
        Path dir = Files.createTempDirectory("store-load");
        Path file = dir.resolve("store.mv");
        DurableMemoryBackend backend = new DurableMemoryBackend(file);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 16); // as MongoStoreMain does
        if (rounds(backend) < 0) { // the store before group commit: written every 200 ms by its main
            Thread.ofPlatform().daemon().name("mongo-store-commit").start(() -> {
                while (true) {
                    try {
                        Thread.sleep(200);
                        backend.flush();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // closing
                    }
                }
            });
        }
        System.out.println(server.getLocalAddress().getPort());
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String line; (line = in.readLine()) != null; ) {
            long allocated = 0;
            for (long id : threads.getAllThreadIds()) {
                allocated += Math.max(0, threads.getThreadAllocatedBytes(id));
            }
            System.out.println(allocated + " " + gcMillis() + " " + rounds(backend) + " " + Files.size(file));
        }
        server.shutdownNow();
        backend.close();
    }

    private static long rounds(DurableMemoryBackend backend) {
        try {
            return (long) DurableMemoryBackend.class.getMethod("flushes").invoke(backend);
        } catch (ReflectiveOperationException e) {
            return -1; // the store before group commit
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

    /** Runs proposals {@code from}..{@code to}; with a rate, proposal k starts no earlier than k / rate seconds. */
    private static void run(MongoDatabase db, int from, int to, int clients, double rate)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread.ofPlatform().name("load-client-" + c).start(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < to; ) {
                        if (rate > 0) {
                            long due = start + (long) ((i - from) / rate * 1e9);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        }
                        proposal(db, i);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    /** Latencies of the write commands of the measured run. */
    private static final List<Long> WRITE_NANOS = java.util.Collections.synchronizedList(new ArrayList<>());

    private static void write(Runnable command) {
        long t = System.nanoTime();
        command.run();
        WRITE_NANOS.add(System.nanoTime() - t);
    }

    /**
     * About the round trips one proposal causes across the services. Proposals, outbox entries and deliveries are
     * keyed by ObjectIds, as Spring Data stores the services' hex string ids.
     */
    private static void proposal(MongoDatabase db, int i) {
        MongoCollection<Document> proposals = db.getCollection("proposals");
        MongoCollection<Document> outbox = db.getCollection("outbox");
        MongoCollection<Document> deliveries = db.getCollection("deliveries");
        MongoCollection<Document> processed = db.getCollection("processed");
        ObjectId id = new ObjectId();
        ObjectId[] events = {new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()};
        ObjectId[] mails = {new ObjectId(), new ObjectId(), new ObjectId()};
        // proposal-service: the proposal and its outbox event
        write(() -> proposals.insertOne(proposal(id, i)));
        write(() -> outbox.insertOne(new Document("_id", events[0]).append("published", false)
                .append("payload", new Document("proposalId", id.toHexString()).append("text", PADDING))));
        proposals.find(Filters.eq("trackingCode", "SN-" + i)).first();
        // routing-service: reads, idempotency marker, routed status
        proposals.find(Filters.eq("_id", id)).first();
        write(() -> processed.insertOne(new Document("_id", "routing:" + id).append("at", System.currentTimeMillis())));
        write(() -> proposals.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "ROUTED"),
                Updates.push("history", new Document("status", "ROUTED").append("note", "routed to dept")))));
        // outbox relay: batch of events, marked published in one bulk
        List<Document> batch = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            batch.add(new Document("_id", events[k]).append("published", false)
                    .append("payload", new Document("proposalId", id.toHexString()).append("seq", k)));
        }
        write(() -> outbox.insertMany(batch));
        List<WriteModel<Document>> marks = new ArrayList<>();
        for (int k = 0; k <= 3; k++) {
            marks.add(new UpdateOneModel<>(Filters.eq("_id", events[k]), Updates.set("published", true)));
        }
        write(() -> outbox.bulkWrite(marks));
        // notification-service: deliveries claimed and sent
        List<Document> pending = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            pending.add(new Document("_id", mails[k]).append("proposalId", id.toHexString())
                    .append("status", "PENDING").append("attempts", 0).append("body", PADDING));
        }
        write(() -> deliveries.insertMany(pending));
        for (ObjectId mail : mails) {
            write(() -> deliveries.findOneAndUpdate(Filters.and(Filters.eq("_id", mail),
                            Filters.eq("status", "PENDING")),
                    Updates.combine(Updates.set("status", "SENDING"), Updates.inc("attempts", 1)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
            write(() -> deliveries.updateOne(Filters.eq("_id", mail), Updates.set("status", "SENT")));
        }
        deliveries.find(Filters.eq("proposalId", id.toHexString())).into(new ArrayList<>());
        write(() -> proposals.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "ACCEPTED"),
                Updates.inc("version", 1), Updates.push("history", new Document("status", "ACCEPTED")))));
        write(() -> processed.insertOne(new Document("_id", "notification:" + id)
                .append("at", System.currentTimeMillis())));
        // the relay's cleanup
        write(() -> outbox.deleteMany(Filters.in("_id", List.of(events))));
        proposals.find(Filters.eq("_id", id)).first();
    }

    private static Document proposal(ObjectId id, int i) {
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

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime()))
                .sum();
    }
}
