package kr.seoul.sane.infra.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;

/**
 * The local MongoDB stand-in's storage: mongo-java-server's in-memory backend answers every query, and every change
 * is also written to an H2 MVStore file that is read back at start.
 *
 * <p>Why not mongo-java-server's own H2 backend: it reads documents back from the file for queries and deserialises
 * them while it holds the collection's lock; under load a primary-key read took hundreds of milliseconds. Here
 * queries touch memory only.
 *
 * <p>Durability: a collection that changes a document notes which document changed (a reference to the stored
 * document, no copy) with {@link GroupCommitLog}, which writes rounds of changes to the {@link StoreFile}; a command
 * that changed something is answered only after the round containing its changes is on disk ({@link #handleMessage}),
 * so an acknowledged write survives a crash of the store. Documents without {@code _id} (the backend's own
 * bookkeeping) are keyed by a random id; their collection is written again whenever one of them changes. Indexes
 * are rebuilt in memory from each database's {@code system.indexes} collection, which is stored like any other
 * collection.
 *
 * <p>One planner rule is added as well ({@link QueryKeys}): a query that names one {@code _id} by equality is answered through the
 * primary-key index even when it has further conditions (the stock backend uses an index only when the query's
 * fields are exactly the index's fields), so the guarded single-document updates every service relies on
 * ({@code {_id: X, status: SENDING}}) do not read the whole collection.
 */
public class DurableMemoryBackend extends MemoryBackend {

    private static final String ID = "_id";

    private final StoreFile file;
    private final GroupCommitLog disk;
    private final FullScans fullScans = new FullScans();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * The namespace and leading {@code $match} of the aggregation this thread runs, until its collection reads its
     * source (see {@link DurableDatabase#handleCommand}).
     */
    private final ThreadLocal<Map.Entry<String, Document>> leadingMatch = new ThreadLocal<>();
    /** Set while this thread loads documents from the file, which must not be written back. */
    private final ThreadLocal<Boolean> restoring = ThreadLocal.withInitial(() -> false);

    /** Opens (or creates) the store file and loads every database in it. */
    public DurableMemoryBackend(Path path) {
        this(StoreFile.open(path));
    }

    private DurableMemoryBackend(StoreFile file) {
        this.file = file;
        this.disk = new GroupCommitLog(file);
        restoring.set(true);
        try {
            for (String database : file.storedDatabases()) {
                resolveDatabase(database);
            }
        } finally {
            restoring.remove();
        }
        disk.start();
    }

    /** A store without a file, for tests. */
    public static DurableMemoryBackend inMemoryStore() {
        return new DurableMemoryBackend(StoreFile.inMemory());
    }

    /**
     * Runs the command (every command of a current driver comes as such a message); when it changed something,
     * answers only once those changes are on disk. The wait blocks the connection's event-loop thread, which
     * sends the answer right after.
     */
    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return super.handleMessage(message);
        } finally {
            disk.awaitOwnRound();
        }
    }

    /**
     * Writes the noted changes (and those of a failed round) to the file, commits and forces it to disk.
     * @return how many changes were written
     * @throws RuntimeException when the file could not be written; the changes are kept for the next round
     */
    public int flush() {
        return disk.flush();
    }

    /** Changes made but not yet on disk. */
    public int unflushed() {
        return disk.unflushed();
    }

    /** Rounds written since the store was opened. */
    public long flushes() {
        return disk.flushes();
    }

    /** Rounds that waited for more changes (group-commit window) since the store was opened. */
    public long groupWaits() {
        return disk.groupWaits();
    }

    /** Time the writer spent in group-commit windows since the store was opened, in nanoseconds. */
    public long groupWaitNanos() {
        return disk.groupWaitNanos();
    }

    /** Rounds that failed since the store was opened. */
    public long failedFlushes() {
        return disk.failedFlushes();
    }

    /** See {@link GroupCommitLog#onFileLost}: the store's main stops the process. */
    public void onFileLost(Runnable action) {
        disk.onFileLost(action);
    }

    /** For tests: how long journalled changes wait before a checkpoint writes them to the MVStore file. */
    void checkpointInterval(java.time.Duration interval) {
        file.checkpointInterval(interval);
    }

    /** For tests: runs before each commit of a round; an exception there makes the round fail. */
    void beforeCommit(Runnable hook) {
        disk.beforeCommit(hook);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // written first: closing the in-memory backend empties its databases, which must not reach the file
            disk.close();
            super.close();
        }
    }

    /** How many queries had to read every document of a collection since the store was opened. */
    public long fullScans() {
        return fullScans.total();
    }

    /** Full scans per collection and query shape ({@code database.collection {field:$op}}) since the last call,
     * and resets them. */
    public Map<String, Long> drainScansByCollection() {
        return fullScans.drain();
    }

    private boolean recording() {
        return !restoring.get() && !closed.get();
    }

    /** The leading {@code $match} of this thread's aggregation on {@code namespace}, once (its source read). */
    private Document takeLeadingMatch(String namespace) {
        Map.Entry<String, Document> match = leadingMatch.get();
        if (match == null || !match.getKey().equals(namespace)) {
            return null;
        }
        leadingMatch.remove();
        return match.getValue();
    }

    private static boolean hasId(Document document) {
        return Missing.isNeitherNullNorMissing(document.get(ID));
    }

    private void recordDrop(String namespace) {
        if (!closed.get()) {
            disk.note(new Change(namespace, namespace, null, null, true));
        }
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new DurableDatabase(databaseName, getCursorRegistry());
    }

    private final class DurableDatabase extends MemoryDatabase {

        DurableDatabase(String name, CursorRegistry cursors) {
            super(name, cursors); // opens the stored collections and rebuilds their indexes
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            DurableCollection collection = new DurableCollection(this, collectionName, options, cursorRegistry);
            String namespace = getFullCollectionNamespace(collectionName);
            if (file.holds(namespace)) {
                boolean wasRestoring = restoring.get();
                restoring.set(true);
                try {
                    file.stored(namespace).forEach(stored -> collection.restore(StoredDocuments.decode(stored)));
                } finally {
                    restoring.set(wasRestoring);
                }
            }
            return collection;
        }

        /** A secondary (non-unique) index the backend would ignore: the store's own where it has one for the keys. */
        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                           List<IndexKey> keys, boolean sparse) {
            Index<Integer> own = SecondaryIndex.forKeys(indexName, keys, sparse);
            return own != null ? own : super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                         boolean sparse) {
            return new UniqueKeyIndex(indexName, keys, sparse);
        }

        /**
         * An aggregation whose pipeline begins with a {@code $match} ({@code countDocuments} sends
         * {@code [{$match: filter}, {$group: {_id: 1, n: {$sum: 1}}}]}) reads its source through the collection's
         * indexes with that condition: the backend reads its source with an empty query, i.e. every document. The
         * first read of the aggregated collection in this command is its source (the pipeline's stages run on what
         * it returned), so only that read takes the condition.
         */
        @Override
        public Document handleCommand(Channel channel, String command, Document query,
                                      DatabaseResolver databaseResolver, Oplog oplog) {
            Document match = command.equalsIgnoreCase("aggregate") ? QueryKeys.leadingMatch(query) : null;
            if (match == null) {
                return super.handleCommand(channel, command, query, databaseResolver, oplog);
            }
            leadingMatch.set(Map.entry(getFullCollectionNamespace(String.valueOf(query.get(command))), match));
            try {
                return super.handleCommand(channel, command, query, databaseResolver, oplog);
            } finally {
                leadingMatch.remove();
            }
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            super.dropCollection(collectionName, oplog);
            recordDrop(getFullCollectionNamespace(collectionName));
        }

        @Override
        public void drop(Oplog oplog) {
            List<String> namespaces = file.namespacesOf(getDatabaseName());
            super.drop(oplog);
            namespaces.forEach(DurableMemoryBackend.this::recordDrop);
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

        /**
         * The backend keeps a collection's data size up to date by BSON-encoding the old and the new document of every
         * update (and every inserted and removed document) only for {@code collStats} and {@code validate}, which
         * nothing of the platform sends: 9 % of the store's CPU under load (JFR). Those commands add it up when asked
         * ({@link #getDataSize}).
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        /** The BSON size of every document, summed when a command asks (under the collection's lock). */
        @Override
        protected synchronized int getDataSize() {
            StoredDocuments encoder = new StoredDocuments();
            return streamAllDocumentsWithPosition().mapToInt(d -> encoder.encode(d.getDocument()).length).sum();
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
                if (recording()) {
                    disk.note(new Change(this, getFullName(), document.get(ID), null, false));
                }
            } else {
                rewriteWhole();
            }
        }

        /** Notes the stored document itself: it is encoded when its round is written, not copied now. */
        private void recordChange(Document document) {
            if (hasId(document)) {
                if (recording()) {
                    disk.note(new Change(this, getFullName(), document.get(ID), document, false));
                }
            } else {
                rewriteWhole();
            }
        }

        /**
         * Documents without {@code _id} (the backend's own system.namespaces and system.indexes entries) have no key
         * to be found by in the file: their collection is written again as a whole. Those collections are small.
         */
        private void rewriteWhole() {
            if (!recording()) {
                return;
            }
            recordDrop(getFullName());
            streamAllDocumentsWithPosition().forEach(d -> disk.note(new Change(this, getFullName(),
                    hasId(d.getDocument()) ? d.getDocument().get(ID) : java.util.UUID.randomUUID().toString(),
                    d.getDocument().cloneDeeply(), false)));
        }

        /**
         * Reads the documents an index names (the {@code _id} index also for a key beside other conditions or a list
         * of keys, see {@link QueryKeys#candidates}); only a query no index can answer reads every document, and is
         * counted for the scan log. An aggregation reads its source with an empty query: when its pipeline begins
         * with a {@code $match}, that condition chooses the documents read (the pipeline's own {@code $match} still
         * decides).
         */
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Document planned = query;
            String shape = null;
            if (query.isEmpty()) {
                Document match = takeLeadingMatch(getFullName());
                if (match != null) {
                    planned = match;
                    shape = "{$match:" + QueryKeys.shape(match) + "}";
                }
            }
            Iterable<Integer> positions = QueryKeys.candidates(planned, getIndexes());
            if (positions != null) {
                return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            // the backend's answer for a query no index can handle: every document
            fullScans.count(getFullName() + " " + (shape != null ? shape : QueryKeys.shape(query)));
            return matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
    }
}
