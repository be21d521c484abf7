package kr.seoul.sane.infra;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;


import de.bwaldvogel.mongo.MongoServer;
import kr.seoul.sane.infra.store.DurableMemoryBackend;

/**
 * The local MongoDB stand-in: mongo-java-server answering from memory, every change written to one file and forced
 * to disk before the command that made it is answered ({@link DurableMemoryBackend}).
 * Run as its own JVM by the launcher: {@code MongoStoreMain <data file> <host> <port>}.
 */
public final class MongoStoreMain {

    /** Event-loop threads serving the connections (mongo-java-server's default is netty's, 2 per core). */
    private static final int WORKER_THREADS = 16;

    private MongoStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : ".platform/mongo/sane.mv");
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 27017;
        Files.createDirectories(file.toAbsolutePath().getParent());

        DurableMemoryBackend backend = new DurableMemoryBackend(file);
        // a file MVStore closed after a write error cannot be written again: stop (without the shutdown hook, which
        // would write to it) and let the launcher restart the store from what is on disk; the writes that were not
        // on disk were never acknowledged
        backend.onFileLost(() -> Runtime.getRuntime().halt(74));
        MongoServer server = new MongoServer(backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdownNow();
            } finally {
                backend.close(); // writes what is still queued and closes the file
                stopped.countDown();
            }
        }, "mongo-store-shutdown"));
        // a command that changed something waits on its connection's event-loop thread until the change is on
        // disk (group commit): more event loops than the default, so fewer connections share one with a waiting write
        server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
        System.out.println("mongo-store: listening on " + host + ":" + port + ", data in " + file.toAbsolutePath());
        // Once a minute the log names the collections that were read whole (queries no index could answer).
        Thread reporter = Thread.ofPlatform().daemon().name("mongo-store-report").start(() -> {
            try {
                while (!stopped.await(60, TimeUnit.SECONDS)) {
                    var scans = backend.drainScansByCollection();
                    if (!scans.isEmpty()) {
                        System.out.println("mongo-store: full collection scans in the last minute " + scans);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopped.await();
        reporter.interrupt();
    }
}
