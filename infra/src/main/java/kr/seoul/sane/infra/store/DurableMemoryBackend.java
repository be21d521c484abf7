package kr.seoul.sane.infra.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

/**
 * The local MongoDB stand-in's storage: mongo-java-server's in-memory backend answers every query, and every change
 * is also written to an H2 MVStore file that is read back at start.
 *
 * <p>Why not mongo-java-server's own H2 backend: it reads documents back from the file for queries and deserialises
 * them while it holds the collection's lock; under load a primary-key read took hundreds of milliseconds. Here
 * queries touch memory only.
 *
 * <p>Durability (group commit): a collection that changes a document notes which document changed (a reference to
 * the stored document, no copy); one writer thread takes all noted changes at once, encodes the current state of each
 * changed document once (under its collection's lock), writes them, commits the file and forces it to disk, then
 * starts the next round with whatever changed meanwhile; while the store is busy it first waits a few milliseconds
 * for more changes (group-commit window), so that one commit and one fsync cover more writes. A command that changed something is answered only after
 * the round containing its changes is on disk ({@link #handleMessage}), so an acknowledged write survives a crash of
 * the store. A round that fails keeps its changes; they are written with the next attempt (retried with a growing
 * pause up to 5 s, logged), and the commands waiting for them are not answered until then. With nothing changed the
 * writer thread sleeps.
 *
 * <p>The file holds a map per collection ({@code documents.<db>.<collection>}): key the document's {@code _id} as a
 * string ({@link StoredDocuments#key}), value the document's BSON bytes, so writing a page of the file serialises
 * nothing with Java serialisation. A file in the H2 backend's layout (map {@code databases.<db>.<collection>}, key
 * the {@code _id} object, value a Java-serialised document or BSON bytes) is moved to this layout when it opens.
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

    private static final Logger log = LoggerFactory.getLogger(DurableMemoryBackend.class);
    private static final String ID = "_id";
    /** Map of a collection: {@code documents.<db>.<collection>}, key {@link StoredDocuments#key}, value BSON. */
    private static final String DATA_PREFIX = "documents.";
    /** The H2 backend's maps (and this store's before): key the {@code _id} object, value Java-serialised or BSON. */
    private static final String LEGACY_PREFIX = "databases.";
    private static final long MAX_RETRY_PAUSE_MS = 5_000;
    /**
     * How long a chunk of the file that no longer holds live data is kept before its space is reused. MVStore's
     * default (45 s) is meant for files that are not forced to disk; every round here is, and with a round per few
     * writes the default would let the file grow by 45 s of rounds.
     */
    private static final int RETENTION_MS = 1_000;
    /** Partly dead chunks are rewritten at most this often (MVStore's own background housekeeping is off). */
    private static final long HOUSEKEEPING_INTERVAL_MS = 1_000;
    private static final int TARGET_FILL_RATE = 50;
    private static final int HOUSEKEEPING_WRITE_BYTES = 1 << 20;
    /**
     * Group-commit window: while the store is busy (a round was written less than {@link #QUIET_MILLIS} ago), the
     * writer waits up to this long after the first change of a round for more, unless {@link #GROUP_TARGET}
     * changes are already waiting. A first change after a quiet spell is written at once.
     */
    static final long GROUP_WINDOW_MICROS = Long.getLong("store.group-commit-window-micros", 3_000);
    /** Without a round for this long the store counts as quiet: its next change is written without waiting. */
    static final long QUIET_MILLIS = Long.getLong("store.group-commit-quiet-millis", 100);
    /** A round with this many changes is written without waiting. */
    static final int GROUP_TARGET = 64;

    private final MVStore file;
    private final Map<String, MVMap<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final AtomicLong fullScans = new AtomicLong();
    private final Map<String, LongAdder> scansByCollection = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set while this thread loads documents from the file, which must not be written back. */
    private final ThreadLocal<Boolean> restoring = ThreadLocal.withInitial(() -> false);

    /** Guards {@link #pending} and {@link #nextRound}; the writer thread waits on it for changes. */
    private final Object pendingLock = new Object();
    private List<Change> pending = new ArrayList<>();
    /**
     * Opened when the round that takes the {@link #pending} changes is on disk. Commands wait on it without a shared
     * monitor (the release unparks each waiter once; a monitor's notifyAll made every event-loop thread of a round
     * fight for the monitor again).
     */
    private CountDownLatch nextRound = new CountDownLatch(1);
    /** The round each thread's last change belongs to, until its command waited for it. */
    private final ThreadLocal<CountDownLatch[]> ownRound = ThreadLocal.withInitial(() -> new CountDownLatch[1]);

    /** Guards the writing of a round; {@link #unwritten} and {@link #codec} belong to it. */
    private final Object flushLock = new Object();
    /** The changes of a round that failed, written again with the next one. */
    private List<Change> unwritten = new ArrayList<>();
    /** The rounds whose changes are in {@link #unwritten}: opened once those are written. */
    private List<CountDownLatch> unwrittenRounds = new ArrayList<>();
    private final StoredDocuments codec = new StoredDocuments();
    private final AtomicLong failedFlushes = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong groupWaits = new AtomicLong();
    private final AtomicLong groupWaitNanos = new AtomicLong();
    private long lastHousekeeping = System.nanoTime();
    /** What happens when the file is closed by an error: nothing by default (the commands keep waiting). */
    private volatile Runnable fileLost = () -> { };
    /** Runs before each commit; tests make it fail. */
    private volatile Runnable beforeCommit = () -> { };
    private final Thread writer;

    /** Opens (or creates) the store file and loads every database in it. */
    public DurableMemoryBackend(Path path) {
        this(openFile(path));
    }

    private DurableMemoryBackend(MVStore file) {
        this.file = file;
        // the H2 backend's index and size maps are not used here (indexes live in memory)
        for (String name : new ArrayList<>(file.getMapNames())) {
            if (name.contains("._index_") || name.startsWith("meta.")) {
                file.removeMap(name);
            }
        }
        migrateLegacyMaps();
        file.commit();
        restoring.set(true);
        try {
            for (String database : storedDatabases()) {
                resolveDatabase(database);
            }
        } finally {
            restoring.remove();
        }
        file.setRetentionTime(RETENTION_MS);
        file.commit();
        writer = Thread.ofPlatform().daemon().name("mongo-store-writer").start(this::writeRounds);
    }

    /** A store without a file, for tests. */
    public static DurableMemoryBackend inMemoryStore() {
        return new DurableMemoryBackend(new MVStore.Builder().autoCommitDisabled().open());
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
        // no background writer of its own: every commit is made (and forced to disk) by flush()
        return new MVStore.Builder().fileName(path.toAbsolutePath().toString()).autoCommitDisabled().open();
    }

    /**
     * Moves the documents of maps in the H2 backend's layout (key the {@code _id} object, which MVStore writes
     * Java-serialised unless it is a string or number) into this store's maps (string key, BSON value).
     */
    private void migrateLegacyMaps() {
        for (String name : new ArrayList<>(file.getMapNames())) {
            if (!name.startsWith(LEGACY_PREFIX)) {
                continue;
            }
            MVMap<Object, Object> legacy = file.openMap(name);
            MVMap<String, byte[]> target = map(name.substring(LEGACY_PREFIX.length()));
            for (Map.Entry<Object, Object> entry : legacy.entrySet()) {
                Document document = StoredDocuments.decode(entry.getValue());
                Object id = hasId(document) ? document.get(ID) : String.valueOf(entry.getKey());
                target.put(StoredDocuments.key(id),
                        entry.getValue() instanceof byte[] bytes ? bytes : codec.encode(document));
            }
            file.removeMap(legacy);
            log.info("moved {} documents of {} to the store's layout", target.size(), name);
        }
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
     * Runs the command (every command of a current driver comes as such a message); when it changed something,
     * answers only once those changes are on disk. The wait blocks the connection's event-loop thread, which
     * sends the answer right after.
     */
    @Override
    public Document handleMessage(MongoMessage message) {
        CountDownLatch[] own = ownRound.get();
        try {
            return super.handleMessage(message);
        } finally {
            CountDownLatch round = own[0];
            if (round != null) {
                own[0] = null;
                awaitDurable(round);
            }
        }
    }

    /** Rounds are written in order and a failed round's changes go with the next: its latch covers all before. */
    private static void awaitDurable(CountDownLatch round) {
        try {
            round.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The writer thread: a round as soon as there are changes after a quiet spell; while busy (a round was written
     * shortly before) it first waits up to {@link #GROUP_WINDOW_MICROS} for {@link #GROUP_TARGET}
     * changes, so that under load one commit and one fsync cover more writes.
     */
    private void writeRounds() {
        long pause = 0;
        long lastRound = System.nanoTime() - QUIET_MILLIS * 1_000_000;
        boolean arrivedDuringRound = false;
        while (!closed.get()) {
            try {
                synchronized (pendingLock) {
                    if (pause > 0) {
                        pendingLock.wait(pause);
                    }
                    while (pending.isEmpty() && pause == 0 && !closed.get()) {
                        pendingLock.wait();
                    }
                    if (pause == 0 && (arrivedDuringRound
                            || System.nanoTime() - lastRound < QUIET_MILLIS * 1_000_000)) {
                        gatherMore();
                    }
                }
                if (closed.get()) {
                    return;
                }
                flush();
                pause = 0;
                lastRound = System.nanoTime();
                synchronized (pendingLock) {
                    arrivedDuringRound = !pending.isEmpty();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (file.isClosed() && !closed.get()) {
                    // MVStore closes the file after an error inside a commit: no later round can succeed
                    log.error("the store file was closed after a write error; {} changes are not on disk and were "
                            + "not acknowledged", unflushed(), e);
                    fileLost.run();
                    return;
                }
                pause = pause == 0 ? 50 : Math.min(pause * 2, MAX_RETRY_PAUSE_MS);
                log.error("writing {} changes to the store file failed (attempt {} in a row); they are kept and "
                        + "written again in {} ms, the commands that made them are not answered until then",
                        unflushed(), failedFlushes.get(), pause, e);
            }
        }
    }

    /** Waits (holding {@link #pendingLock}) up to the group-commit window until enough changes are pending. */
    private void gatherMore() throws InterruptedException {
        long deadline = System.nanoTime() + GROUP_WINDOW_MICROS * 1_000;
        long started = System.nanoTime();
        while (pending.size() < GROUP_TARGET && !closed.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            pendingLock.wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        groupWaits.incrementAndGet();
        groupWaitNanos.addAndGet(System.nanoTime() - started);
    }

    /**
     * Writes the noted changes (and those of a failed round) to the file, commits and forces it to disk.
     * @return how many changes were written
     * @throws RuntimeException when the file could not be written; the changes are kept for the next round
     */
    public int flush() {
        synchronized (flushLock) {
            List<Change> batch;
            List<CountDownLatch> rounds = unwrittenRounds;
            synchronized (pendingLock) {
                batch = pending;
                pending = new ArrayList<>();
                rounds.add(nextRound);
                nextRound = new CountDownLatch(1);
            }
            unwrittenRounds = new ArrayList<>();
            if (!unwritten.isEmpty()) {
                unwritten.addAll(batch);
                batch = unwritten;
                unwritten = new ArrayList<>();
            }
            try {
                write(batch);
                beforeCommit.run();
                if (file.hasUnsavedChanges()) {
                    file.commit();
                    file.sync();
                }
            } catch (RuntimeException e) {
                unwritten = batch;
                unwrittenRounds = rounds;
                failedFlushes.incrementAndGet();
                throw e;
            }
            flushes.incrementAndGet();
            rounds.forEach(CountDownLatch::countDown);
            if (!batch.isEmpty() && System.nanoTime() - lastHousekeeping > HOUSEKEEPING_INTERVAL_MS * 1_000_000) {
                lastHousekeeping = System.nanoTime();
                housekeeping();
            }
            return batch.size();
        }
    }

    /**
     * Rewrites the live pages of chunks that are mostly dead, so their space can be reused (what MVStore's
     * background thread would do). Runs after a round's commands were answered; a failure here loses nothing.
     */
    private void housekeeping() {
        try {
            if (file.compact(TARGET_FILL_RATE, HOUSEKEEPING_WRITE_BYTES) && file.hasUnsavedChanges()) {
                file.commit();
                file.sync();
            }
        } catch (RuntimeException e) {
            log.warn("compacting the store file failed", e);
        }
    }

    /** Applies a round to the file's maps: only each document's last change, drops first. */
    private void write(List<Change> batch) {
        Map<Change.Key, Change> last = new LinkedHashMap<>();
        Set<String> dropped = new LinkedHashSet<>();
        for (Change change : batch) {
            if (change.dropped()) {
                last.values().removeIf(c -> c.namespace().equals(change.namespace()));
                dropped.add(change.namespace());
            } else {
                last.put(new Change.Key(change.namespace(), change.key()), change);
            }
        }
        for (String namespace : dropped) {
            maps.remove(namespace);
            if (file.hasMap(DATA_PREFIX + namespace)) {
                file.removeMap(DATA_PREFIX + namespace);
            }
        }
        for (Change change : last.values()) {
            if (change.document() == null) {
                map(change.namespace()).remove(StoredDocuments.key(change.key()));
            } else {
                byte[] bytes;
                synchronized (change.owner()) { // the collection changes its documents in place under this lock
                    bytes = codec.encode(change.document());
                }
                map(change.namespace()).put(StoredDocuments.key(change.key()), bytes);
            }
        }
    }

    /** Changes made but not yet on disk. */
    public int unflushed() {
        int count;
        synchronized (pendingLock) {
            count = pending.size();
        }
        synchronized (flushLock) {
            return count + unwritten.size();
        }
    }

    /** Rounds written since the store was opened. */
    public long flushes() {
        return flushes.get();
    }

    /** Rounds that waited for more changes (group-commit window) since the store was opened. */
    public long groupWaits() {
        return groupWaits.get();
    }

    /** Time the writer spent in group-commit windows since the store was opened, in nanoseconds. */
    public long groupWaitNanos() {
        return groupWaitNanos.get();
    }

    /** Rounds that failed since the store was opened. */
    public long failedFlushes() {
        return failedFlushes.get();
    }

    /**
     * What to do when MVStore has closed the file after a write error (it does so on any failure inside a commit):
     * no further round can reach the disk, the commands waiting for theirs are never answered. The store's main
     * stops the process, so the platform restarts it from the file (everything acknowledged is there).
     */
    public void onFileLost(Runnable action) {
        fileLost = action;
    }

    /** For tests: runs before each commit of a round; an exception there makes the round fail. */
    void beforeCommit(Runnable hook) {
        beforeCommit = hook;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (pendingLock) {
                pendingLock.notifyAll();
            }
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // written first: closing the in-memory backend empties its databases, which must not reach the file
            try {
                flush();
            } catch (RuntimeException e) {
                log.error("the last {} changes could not be written to the store file", unflushed(), e);
            }
            // nothing waits for the disk any more
            synchronized (flushLock) {
                unwrittenRounds.forEach(CountDownLatch::countDown);
            }
            synchronized (pendingLock) {
                nextRound.countDown();
            }
            super.close();
            file.close();
        }
    }

    /** How many queries had to read every document of a collection since the store was opened. */
    public long fullScans() {
        return fullScans.get();
    }

    /** Full scans per collection and query shape ({@code database.collection {field:$op}}) since the last call,
     * and resets them. */
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

    private MVMap<String, byte[]> map(String namespace) {
        return maps.computeIfAbsent(namespace, ns -> file.openMap(DATA_PREFIX + ns,
                new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                        .valueType(ByteArrayDataType.INSTANCE)));
    }

    /** Notes a change; the thread's commands then wait for it to reach the disk. */
    private void note(Change change) {
        CountDownLatch round;
        synchronized (pendingLock) {
            pending.add(change);
            round = nextRound;
            if (pending.size() == 1 || pending.size() == GROUP_TARGET) {
                pendingLock.notify(); // only the writer waits on this lock
            }
        }
        ownRound.get()[0] = round;
    }

    private boolean recording() {
        return !restoring.get() && !closed.get();
    }

    private static boolean hasId(Document document) {
        return Missing.isNeitherNullNorMissing(document.get(ID));
    }

    private void recordDrop(String namespace) {
        if (!closed.get()) {
            note(new Change(namespace, namespace, null, null, true));
        }
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new DurableDatabase(databaseName, getCursorRegistry());
    }

    /**
     * One noted change: a document written (the stored document itself, encoded when its round is written), a
     * document removed ({@code document == null}) or a dropped collection. {@code owner} is the lock under which the
     * document is changed.
     */
    private record Change(Object owner, String namespace, Object key, Document document, boolean dropped) {

        record Key(String namespace, Object key) {
        }
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
                    map(namespace).values().forEach(stored -> collection.restore(StoredDocuments.decode(stored)));
                } finally {
                    restoring.set(wasRestoring);
                }
            }
            return collection;
        }

        /**
         * A secondary (non-unique) index the backend would ignore: kept as an {@link EqualityIndex} on its first key
         * when that is a top-level field, so equality queries on it read only their documents.
         */
        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                           List<IndexKey> keys, boolean sparse) {
            if (EqualityIndex.supports(keys)) {
                return new EqualityIndex(indexName, keys);
            }
            return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
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
                if (recording()) {
                    note(new Change(this, getFullName(), document.get(ID), null, false));
                }
            } else {
                rewriteWhole();
            }
        }

        /** Notes the stored document itself: it is encoded when its round is written, not copied now. */
        private void recordChange(Document document) {
            if (hasId(document)) {
                if (recording()) {
                    note(new Change(this, getFullName(), document.get(ID), document, false));
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
            streamAllDocumentsWithPosition().forEach(d -> note(new Change(this, getFullName(),
                    hasId(d.getDocument()) ? d.getDocument().get(ID) : java.util.UUID.randomUUID().toString(),
                    d.getDocument().cloneDeeply(), false)));
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Object id = keyOf(query);
            if (id != null && !(query.size() == 1 && query.containsKey(ID))) {
                Index<Integer> index = idIndex();
                if (index != null) {
                    return matchDocuments(query, index.getPositions(new Document(ID, id)), orderBy, numberToSkip,
                            limit, batchSize, fieldSelector);
                }
            }
            Collection<?> ids = idsOf(query);
            if (ids != null) {
                Index<Integer> index = idIndex();
                if (index != null) {
                    // each asked-for key looked up in the _id index instead of every document compared with every
                    // key (a batch's idempotency check: {_id: {$in: [...]}, eventIds: {$nin: [...]}})
                    java.util.Set<Integer> positions = new java.util.LinkedHashSet<>();
                    for (Object key : ids) {
                        index.getPositions(new Document(ID, key)).forEach(positions::add);
                    }
                    return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize,
                            fieldSelector);
                }
            }
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            // the backend's answer for a query no index can handle: every document
            fullScans.incrementAndGet();
            scansByCollection.computeIfAbsent(getFullName() + " " + shape(query), name -> new LongAdder())
                    .increment();
            return super.matchDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
        }

        /** The fields and operators of a query without its values, e.g. {@code {status:$in, since:$lt}}. */
        static String shape(Object query) {
            if (query instanceof Document document) {
                StringBuilder out = new StringBuilder("{");
                document.forEach((key, value) -> {
                    if (out.length() > 1) {
                        out.append(", ");
                    }
                    out.append(key);
                    if (value instanceof Document || value instanceof Collection<?>) {
                        out.append(':').append(shape(value));
                    }
                });
                return out.append('}').toString();
            }
            if (query instanceof Collection<?> terms) {
                return terms.stream().map(DurableCollection::shape).distinct()
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            }
            return "";
        }

        private Index<Integer> idIndex() {
            Document probe = new Document(ID, "");
            for (Index<Integer> index : getIndexes()) {
                if (index.canHandle(probe)) {
                    return index;
                }
            }
            return null;
        }

        /** The keys of an {@code _id: {$in: [plain values]}}, at the top or inside a top-level {@code $and}, or null. */
        private static Collection<?> idsOf(Document query) {
            Collection<?> keys = keysIn(query.get(ID));
            if (keys == null && query.get("$and") instanceof Collection<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document condition && (keys = keysIn(condition.get(ID))) != null) {
                        break;
                    }
                }
            }
            return keys;
        }

        private static Collection<?> keysIn(Object condition) {
            if (condition instanceof Document operators && operators.size() == 1
                    && operators.get("$in") instanceof Collection<?> keys
                    && keys.stream().allMatch(DurableCollection::isPlainValue)) {
                return keys;
            }
            return null;
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
