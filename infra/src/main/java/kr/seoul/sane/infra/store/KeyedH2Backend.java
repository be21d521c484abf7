package kr.seoul.sane.infra.store;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's H2 backend with one planner rule added: a query that names one {@code _id} by equality is
 * answered through the primary-key index even when it has further conditions. The stock backend uses an index
 * only when the query's fields are exactly the index's fields, so the guarded single-document updates every
 * service relies on ({@code {_id: X, status: SENDING}}, {@code {_id: X, $or: [...]}}) scanned the whole
 * collection — each one costing time proportional to the collection's size. The extra conditions are still
 * checked on the one document found, so results are the same as a scan's.
 */
public class KeyedH2Backend extends H2Backend {

    private static final String ID = "_id";

    private final AtomicLong fullScans = new AtomicLong();
    private final Map<String, LongAdder> scansByCollection = new ConcurrentHashMap<>();

    public KeyedH2Backend(MVStore store) {
        super(store);
    }

    public KeyedH2Backend(String file) {
        this(MVStore.open(file));
    }

    /** An in-memory store, for tests. */
    public static KeyedH2Backend inMemoryStore() {
        return new KeyedH2Backend(new MVStore.Builder().open());
    }

    /** How many queries had to read every document of a collection since the store was opened. */
    public long fullScans() {
        return fullScans.get();
    }

    /** Full scans per collection ({@code database.collection}) since the last call, and resets them. */
    public Map<String, Long> drainScansByCollection() {
        Map<String, Long> drained = new TreeMap<>();
        scansByCollection.forEach((name, count) -> {
            long n = count.sumThenReset();
            if (n > 0) {
                drained.put(name, n);
            }
        });
        return drained;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new KeyedDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    private final class KeyedDatabase extends H2Database {

        KeyedDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors); // opens the existing collections: no fields of this class are set yet
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the map names of the stock H2Database, so files written by either backend open with the other
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            MVMap<Object, Document> data = store.openMap("databases." + namespace);
            MVMap<String, Object> meta = store.openMap("meta." + namespace);
            return new KeyedCollection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    private final class KeyedCollection extends H2Collection {

        KeyedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                        MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Object id = keyOf(query);
            if (id != null && !(query.size() == 1 && query.containsKey(ID))) {
                Document byId = new Document(ID, id);
                for (Index<Object> index : getIndexes()) {
                    if (index.canHandle(byId)) {
                        return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, limit,
                                batchSize, fieldSelector);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            // the backend's answer for a query no index can handle: every document. (While the superclass
            // constructor opens the existing databases, this class's fields are not set yet: not counted.)
            if (fullScans != null) {
                fullScans.incrementAndGet();
                scansByCollection.computeIfAbsent(getFullName(), name -> new LongAdder()).increment();
            }
            return super.matchDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
        }

        /** The one {@code _id} the query asks for by equality, at the top or inside a top-level {@code $and}. */
        private static Object keyOf(Document query) {
            Object id = query.get(ID);
            if (isPlainValue(id)) {
                return id;
            }
            if (query.get("$and") instanceof Collection<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document condition && isPlainValue(condition.get(ID))) {
                        return condition.get(ID);
                    }
                }
            }
            return null;
        }

        private static boolean isPlainValue(Object id) {
            return id != null && !(id instanceof Document) && !(id instanceof Collection<?>)
                    && !BsonRegularExpression.isRegularExpression(id);
        }
    }
}
