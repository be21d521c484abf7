package kr.seoul.sane.infra.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The local MongoDB stand-in's storage: mongo-java-server's in-memory backend answers every query, and every change
 * is also written, off the request path, to an H2 MVStore file that is read back at start.
 *
 * <p>Why not mongo-java-server's own H2 backend: it reads documents back from the file for queries and deserialises
 * them while it holds the collection's lock; under load a primary-key read took hundreds of milliseconds. Here
 * queries touch memory only. Changes are queued by the collection that makes them and written by {@link #flush()},
 * which the store calls a few times a second and at shutdown, so a crash of the store loses at most the changes of
 * the last interval — as with the H2 backend, which also commits on a timer.
 *
 * <p>The file keeps the H2 backend's layout for documents (map {@code databases.<db>.<collection>}, key = the
 * document's {@code _id}, value = the document), so a file written by the H2 backend opens here with its data.
 * Documents without {@code _id} (the backend's own bookkeeping) are keyed by a random id; their collection is
 * written again whenever one of them changes.
 * Indexes are rebuilt in memory from each database's {@code system.indexes} collection, which is stored like any
 * other collection.
 *
 * <p>One planner rule is added as well: a query that names one {@code _id} by equality is answered through the
 * primary-key index even when it has further conditions (the stock backend uses an index only when the query's
 * fields are exactly the index's fields), so the guarded single-document updates every service relies on
 * ({@code {_id: X, status: SENDING}}) do not read the whole collection.
 */
public class DurableMemoryBackend extends MemoryBackend {

    private static final String ID = "_id";
    private static final String DATA_PREFIX = "databases.";

    private final MVStore file;
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Map<String, MVMap<Object, Document>> maps = new ConcurrentHashMap<>();
    private final AtomicLong fullScans = new AtomicLong();
    private final Map<String, LongAdder> scansByCollection = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set while this thread loads documents from the file, which must not be written back. */
    private final ThreadLocal<Boolean> restoring = ThreadLocal.withInitial(() -> false);

    /** Opens (or creates) the store file and loads every database in it. */
    public DurableMemoryBackend(Path path) {
        this(openFile(path));
    }

    private DurableMemoryBackend(MVStore file) {
        this.file = file;
        restoring.set(true);
        try {
            for (String database : storedDatabases()) {
                resolveDatabase(database);
            }
        } finally {
            restoring.remove();
        }
        // the H2 backend's index and size maps are not used here (indexes live in memory)
        for (String name : new ArrayList<>(file.getMapNames())) {
            if (name.contains("._index_") || name.startsWith("meta.")) {
                file.removeMap(name);
            }
        }
        file.commit();
    }

    /** A store without a file, for tests. */
    public static DurableMemoryBackend inMemoryStore() {
        return new DurableMemoryBackend(new MVStore.Builder().open());
    }

    private static MVStore openFile(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the directory of " + path, e);
        }
        return MVStore.open(path.toAbsolutePath().toString());
    }

    private List<String> storedDatabases() {
        TreeSet<String> names = new TreeSet<>();
        for (String map : file.getMapNames()) {
            if (map.startsWith(DATA_PREFIX)) {
                String namespace = map.substring(DATA_PREFIX.length());
                int dot = namespace.indexOf('.');
                if (dot > 0) {
                    names.add(namespace.substring(0, dot));
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Writes the queued changes to the file and commits it.
     * @return how many changes were written
     */
    public int flush() {
        synchronized (flushLock) {
            int written = 0;
            for (Change change; (change = changes.poll()) != null; written++) {
                if (change.dropped()) {
                    maps.remove(change.namespace());
                    if (file.hasMap(DATA_PREFIX + change.namespace())) {
                        file.removeMap(DATA_PREFIX + change.namespace());
                    }
                } else if (change.document() == null) {
                    map(change.namespace()).remove(change.key());
                } else {
                    map(change.namespace()).put(change.key(), change.document());
                }
            }
            if (written > 0 || file.hasUnsavedChanges()) {
                file.commit();
            }
            return written;
        }
    }

    /** Changes made but not yet written to the file. */
    public int unflushed() {
        return changes.size();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // written first: closing the in-memory backend empties its databases, which must not reach the file
            flush();
            super.close();
            file.close();
        }
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

    private MVMap<Object, Document> map(String namespace) {
        return maps.computeIfAbsent(namespace, ns -> file.openMap(DATA_PREFIX + ns));
    }

    private void record(String namespace, Object key, Document document) {
        if (!restoring.get() && !closed.get()) {
            changes.add(new Change(namespace, key, document.cloneDeeply(), false));
        }
    }

    private static boolean hasId(Document document) {
        return Missing.isNeitherNullNorMissing(document.get(ID));
    }

    private void recordRemoval(String namespace, Object id) {
        if (!restoring.get() && !closed.get()) {
            changes.add(new Change(namespace, id, null, false));
        }
    }

    private void recordDrop(String namespace) {
        if (!closed.get()) {
            changes.add(new Change(namespace, null, null, true));
        }
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new DurableDatabase(databaseName, getCursorRegistry());
    }

    /** One queued change: a document written, a document removed ({@code document == null}) or a dropped collection. */
    private record Change(String namespace, Object key, Document document, boolean dropped) {
    }

    private final class DurableDatabase extends MemoryDatabase {

        DurableDatabase(String name, CursorRegistry cursors) {
            super(name, cursors); // opens the stored collections and rebuilds their indexes
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            DurableCollection collection = new DurableCollection(this, collectionName, options, cursorRegistry);
            String namespace = getFullCollectionNamespace(collectionName);
            if (file.hasMap(DATA_PREFIX + namespace)) {
                boolean wasRestoring = restoring.get();
                restoring.set(true);
                try {
                    map(namespace).values().forEach(collection::restore);
                } finally {
                    restoring.set(wasRestoring);
                }
            }
            return collection;
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            super.dropCollection(collectionName, oplog);
            recordDrop(getFullCollectionNamespace(collectionName));
        }

        @Override
        public void drop(Oplog oplog) {
            String prefix = getDatabaseName() + ".";
            List<String> namespaces = new ArrayList<>();
            for (String map : file.getMapNames()) {
                if (map.startsWith(DATA_PREFIX + prefix)) {
                    namespaces.add(map.substring(DATA_PREFIX.length()));
                }
            }
            maps.keySet().stream().filter(ns -> ns.startsWith(prefix)).forEach(namespaces::add);
            super.drop(oplog);
            namespaces.stream().distinct().forEach(DurableMemoryBackend.this::recordDrop);
        }

        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String before = collection.getFullName();
            super.moveCollection(oldDatabase, collection, newCollectionName);
            recordDrop(before);
            if (collection instanceof DurableCollection moved) {
                moved.recordAll();
            }
        }
    }

    private final class DurableCollection extends MemoryCollection {

        DurableCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        void restore(Document document) {
            addDocumentInternal(document);
        }

        void recordAll() {
            rewriteWhole();
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            recordChange(document);
            return position;
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            recordChange(newDocument);
        }

        @Override
        protected void removeDocument(Integer position) {
            Document document = getDocument(position);
            super.removeDocument(position);
            if (document == null) {
                return;
            }
            if (hasId(document)) {
                recordRemoval(getFullName(), document.get(ID));
            } else {
                rewriteWhole();
            }
        }

        private void recordChange(Document document) {
            if (hasId(document)) {
                record(getFullName(), document.get(ID), document);
            } else {
                rewriteWhole();
            }
        }

        /**
         * Documents without {@code _id} (the backend's own system.namespaces and system.indexes entries) have no key
         * to be found by in the file: their collection is written again as a whole. Those collections are small.
         */
        private void rewriteWhole() {
            if (restoring.get() || closed.get()) {
                return;
            }
            recordDrop(getFullName());
            streamAllDocumentsWithPosition().forEach(d -> record(getFullName(),
                    hasId(d.getDocument()) ? d.getDocument().get(ID) : java.util.UUID.randomUUID().toString(),
                    d.getDocument()));
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Object id = keyOf(query);
            if (id != null && !(query.size() == 1 && query.containsKey(ID))) {
                Document byId = new Document(ID, id);
                for (Index<Integer> index : getIndexes()) {
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
            // the backend's answer for a query no index can handle: every document
            fullScans.incrementAndGet();
            scansByCollection.computeIfAbsent(getFullName(), name -> new LongAdder()).increment();
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
