package kr.seoul.sane.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import kr.seoul.sane.infra.store.DurableMemoryBackend;

/**
 * The local MongoDB stand-in: mongo-java-server answering from memory, every change written to one file a few
 * times a second and at shutdown ({@link DurableMemoryBackend}).
 * Run as its own JVM by the launcher: {@code MongoStoreMain <data file> <host> <port>}.
 */
public final class MongoStoreMain {

    private MongoStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : ".platform/mongo/sane.mv");
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 27017;
        Files.createDirectories(file.toAbsolutePath().getParent());

        DurableMemoryBackend backend = new DurableMemoryBackend(file);
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
        server.bind(host, port);
        System.out.println("mongo-store: listening on " + host + ":" + port + ", data in " + file.toAbsolutePath());
        // changes reach the file every 200 ms, so a kill -9 of the store loses at most that much.
        // Once a minute the log names the collections that were read whole (queries no index could answer).
        Thread committer = Thread.ofPlatform().daemon().name("mongo-store-commit").start(() -> {
            long nextReport = System.currentTimeMillis() + 60_000;
            while (stopped.getCount() > 0) {
                try {
                    Thread.sleep(200);
                    backend.flush();
                    if (System.currentTimeMillis() >= nextReport) {
                        nextReport += 60_000;
                        var scans = backend.drainScansByCollection();
                        if (!scans.isEmpty()) {
                            System.out.println("mongo-store: full collection scans in the last minute " + scans);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the store is closing
                }
            }
        });
        stopped.await();
        committer.interrupt();
    }
}
