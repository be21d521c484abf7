package kr.seoul.sane.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The in-memory MongoDB wire server for store-level tests: one per test JVM (it ends with it), a fresh database per
 * call, so tests do not see each other's documents.
 */
public final class EmbeddedStore {

    private static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    private static final MongoClient CLIENT = MongoClients.create(SERVER.bindAndGetConnectionString());

    private EmbeddedStore() {
    }

    /** A template on a database of its own. */
    public static MongoTemplate template(String name) {
        return new MongoTemplate(CLIENT, name + "-" + System.nanoTime());
    }
}
