package kr.seoul.sane.infra.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The store's H2 MVStore file: a map per collection ({@code documents.<db>.<collection>}), key the document's
 * {@code _id} as a string ({@link StoredDocuments#key}), value the document's BSON bytes. A file in the H2 backend's
 * layout (map {@code databases.<db>.<collection>}, key the {@code _id} object, value a Java-serialised document or
 * BSON bytes) is moved to this layout when it opens.
 *
 * <p>{@link GroupCommitLog}'s rounds do not write the MVStore file itself: a round appends its changes to the
 * {@link Journal} and forces that to disk, and keeps them in a window (the last state of each changed document).
 * About every 10 s ({@code -Dstore.checkpoint-interval-ms}), or once the window holds {@value #CHECKPOINT_BYTES}
 * bytes, the window is written to the MVStore file in one commit by a thread of its own, and the journal segments it
 * covers are deleted. A document changed many times in a window (a mail PENDING, SENDING, SENT; an outbox entry
 * written and removed) reaches the MVStore file once or not at all, and one commit rewrites each changed page once
 * for thousands of changes. At start, the segments left are replayed onto the file before anything is read. A
 * checkpoint that fails marks the file lost ({@link #isClosed}): the store's main then stops, and the next start
 * replays the journal.
 */
final class StoreFile implements StoreChanges {

    private static final Logger log = LoggerFactory.getLogger(StoreFile.class);
    private static final String ID = "_id";
    /** Map of a collection: {@code documents.<db>.<collection>}, key {@link StoredDocuments#key}, value BSON. */
    private static final String DATA_PREFIX = "documents.";
    /** The H2 backend's maps (and this store's before): key the {@code _id} object, value Java-serialised or BSON. */
    private static final String LEGACY_PREFIX = "databases.";
    /**
     * How long a chunk of the file that no longer holds live data is kept before its space is reused. MVStore's
     * default (45 s) is meant for files that are not forced to disk; every round here is, and with a round per few
     * writes the default would let the file grow by 45 s of rounds.
     */
    private static final int RETENTION_MS = 1_000;
    /** How full a chunk must be to be left alone by {@link #compact}, and how much one compaction rewrites. */
    private static final int TARGET_FILL_RATE = 50;
    private static final int HOUSEKEEPING_WRITE_BYTES = 1 << 20;
    /** A window with changes is written to the MVStore file after this long (-Dstore.checkpoint-interval-ms). */
    static final long CHECKPOINT_INTERVAL_MS = Long.getLong("store.checkpoint-interval-ms", 10_000);
    private volatile long checkpointIntervalNanos = CHECKPOINT_INTERVAL_MS * 1_000_000;
    /** A window is written to the MVStore file once its documents take this many bytes. */
    static final long CHECKPOINT_BYTES = 32 << 20;

    private final MVStore file;
    private final Map<String, MVMap<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final StoredDocuments codec = new StoredDocuments();
    /** Null for a store without a file: its rounds go to the MVStore maps at once. */
    private final Journal journal;
    private final ExecutorService checkpointer;
    /** The changes journalled since the last checkpoint began (writer thread only). */
    private CheckpointWindow window = new CheckpointWindow();
    private Future<?> checkpoint;
    /** The journal segments a running or failed checkpoint has not deleted yet (deleted by the last one at close). */
    private final List<Path> uncovered = new ArrayList<>();
    /** Collections written since the file opened (a dropped database's collections may be only in the journal). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private volatile boolean lost;

    /** Opens the file, drops the H2 backend's index maps and moves maps of its layout into this one. */
    StoreFile(MVStore file) {
        this(file, null);
    }

    /**
     * Opens the MVStore file, replays the journal segments left beside {@code path} onto it (then deletes them) and
     * starts a new segment.
     */
    private StoreFile(MVStore file, Path path) {
        this.file = file;
        // the H2 backend's index and size maps are not used here (indexes live in memory)
        for (String name : new ArrayList<>(file.getMapNames())) {
            if (name.contains("._index_") || name.startsWith("meta.")) {
                file.removeMap(name);
            }
        }
        migrateLegacyMaps();
        file.commit();
        if (path == null) {
            journal = null;
            checkpointer = null;
            return;
        }
        List<Path> segments = Journal.segments(path);
        if (!segments.isEmpty()) {
            int records = 0;
            for (Path segment : segments) {
                records += Journal.replay(segment, this);
            }
            file.commit();
            file.sync();
            Journal.delete(segments);
            log.info("replayed {} journalled changes from {} segment(s) onto the store file", records,
                    segments.size());
        }
        journal = new Journal(path, segments);
        checkpointer = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
                .name("mongo-store-checkpoint").unstarted(r));
    }

    static StoreFile open(Path path) {
        return new StoreFile(openFile(path), path.toAbsolutePath());
    }

    static StoreFile inMemory() {
        return new StoreFile(new MVStore.Builder().autoCommitDisabled().open());
    }

    /** From now on, space of dead chunks is reused after {@link #RETENTION_MS}. */
    void startReusingSpace() {
        file.setRetentionTime(RETENTION_MS);
        file.commit();
    }

    /** Forces the round's journal records to disk (without a journal: commits the maps). */
    void commitAndSync() {
        if (journal != null) {
            journal.sync();
        } else if (file.hasUnsavedChanges()) {
            file.commit();
            file.sync();
        }
    }

    /**
     * Starts a checkpoint when one is due and none is running: the window goes to the MVStore file in one commit
     * on the checkpoint thread, the journal continues in a new segment. Without a journal: rewrites the live pages
     * of chunks that are mostly dead, so their space can be reused (what MVStore's background thread would do).
     */
    void compact() {
        if (journal == null) {
            compactFile();
            return;
        }
        if (window.isEmpty() || checkpoint != null && !checkpoint.isDone() || lost) {
            return;
        }
        if (window.bytes() < CHECKPOINT_BYTES
                && System.nanoTime() - window.started() < checkpointIntervalNanos) {
            return;
        }
        CheckpointWindow full = window;
        window = new CheckpointWindow();
        List<Path> covered;
        synchronized (uncovered) {
            uncovered.add(journal.rotate());
            covered = List.copyOf(uncovered);
        }
        checkpoint = checkpointer.submit(() -> checkpoint(full, covered));
    }

    /** For tests: how long a window waits for its checkpoint. */
    void checkpointInterval(java.time.Duration interval) {
        checkpointIntervalNanos = interval.toNanos();
    }

    /** Writes a window to the MVStore file, commits, forces it to disk, then deletes the segments it covers. */
    private void checkpoint(CheckpointWindow full, List<Path> covered) {
        if (lost) {
            return;
        }
        try {
            full.writeTo(this);
            file.commit();
            file.sync();
            Journal.delete(covered);
            synchronized (uncovered) {
                uncovered.removeAll(covered);
            }
            compactFile();
        } catch (RuntimeException e) {
            lost = true;
            log.error("writing {} journalled changes to the store file failed; the journal keeps them and the next "
                    + "start replays it", full.changes(), e);
        }
    }

    private void compactFile() {
        if (file.compact(TARGET_FILL_RATE, HOUSEKEEPING_WRITE_BYTES) && file.hasUnsavedChanges()) {
            file.commit();
            file.sync();
        }
    }

    /** MVStore closes the file after any error inside a commit; a failed checkpoint counts as that too. */
    boolean isClosed() {
        return lost || file.isClosed();
    }

    /**
     * Writes the last window to the MVStore file and deletes the journal (what is not written stays in the journal
     * for the next start), then closes the file. Nothing is journalled any more once this starts.
     */
    void close() {
        if (journal != null) {
            checkpointer.shutdown();
            try {
                checkpointer.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            journal.close();
            if (!isClosed()) {
                try {
                    window.writeTo(this);
                    file.commit();
                    file.sync();
                    synchronized (uncovered) {
                        uncovered.add(journal.current());
                        Journal.delete(uncovered);
                    }
                } catch (RuntimeException e) {
                    log.error("the last journalled changes could not be written to the store file; the next start "
                            + "replays them", e);
                }
            }
        }
        file.close();
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
                Object id = Missing.isNeitherNullNorMissing(document.get(ID)) ? document.get(ID) : String.valueOf(entry.getKey());
                target.put(StoredDocuments.key(id),
                        entry.getValue() instanceof byte[] bytes ? bytes : codec.encode(document));
            }
            file.removeMap(legacy);
            log.info("moved {} documents of {} to the store's layout", target.size(), name);
        }
    }

    /** The databases the file holds documents of. */
    List<String> storedDatabases() {
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

    /** Whether the file holds documents of this collection ({@code db.collection}). */
    boolean holds(String namespace) {
        return file.hasMap(DATA_PREFIX + namespace);
    }

    /** The stored documents of a collection, as BSON. */
    Iterable<byte[]> stored(String namespace) {
        return map(namespace).values();
    }

    /** The collections of {@code database} the file holds or that were written since it opened. */
    List<String> namespacesOf(String database) {
        String prefix = database + ".";
        List<String> namespaces = new ArrayList<>();
        for (String map : file.getMapNames()) {
            if (map.startsWith(DATA_PREFIX + prefix)) {
                namespaces.add(map.substring(DATA_PREFIX.length()));
            }
        }
        maps.keySet().stream().filter(ns -> ns.startsWith(prefix)).forEach(namespaces::add);
        written.stream().filter(ns -> ns.startsWith(prefix)).forEach(namespaces::add);
        return namespaces.stream().distinct().toList();
    }

    /**
     * Takes a round: only each document's last change, drops first. With a journal they are journalled (written by
     * {@link #commitAndSync}) and kept in the window for the next checkpoint; without, they go to the maps.
     */
    void apply(List<Change> batch) {
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
        StoreChanges round = journal != null ? journalled : this;
        if (journal != null) {
            journal.discardUnsynced();
        }
        dropped.forEach(round::drop);
        for (Change change : last.values()) {
            byte[] bytes = null;
            if (change.document() != null) {
                synchronized (change.owner()) { // the collection changes its documents in place under this lock
                    bytes = codec.encode(change.document());
                }
            }
            round.write(change.namespace(), StoredDocuments.key(change.key()), bytes);
        }
    }

    /** A round's changes with a journal: journalled (written by {@link #commitAndSync}) and kept in the window. */
    private final StoreChanges journalled = new StoreChanges() {
        @Override
        public void drop(String namespace) {
            journal.drop(namespace);
            window.drop(namespace);
        }

        @Override
        public void write(String namespace, String key, byte[] document) {
            journal.write(namespace, key, document);
            window.write(namespace, key, document);
            written.add(namespace);
        }
    };

    @Override
    public void drop(String namespace) {
        maps.remove(namespace);
        if (file.hasMap(DATA_PREFIX + namespace)) {
            file.removeMap(DATA_PREFIX + namespace);
        }
    }

    @Override
    public void write(String namespace, String key, byte[] bytes) {
        if (bytes == null) {
            map(namespace).remove(key);
        } else {
            map(namespace).put(key, bytes);
        }
    }

    private MVMap<String, byte[]> map(String namespace) {
        return maps.computeIfAbsent(namespace, ns -> file.openMap(DATA_PREFIX + ns,
                new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                        .valueType(ByteArrayDataType.INSTANCE)));
    }
}
