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
 * BSON bytes) is moved to this layout when it opens. Written only by {@link GroupCommitLog}'s rounds.
 */
final class StoreFile {

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

    private final MVStore file;
    private final Map<String, MVMap<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final StoredDocuments codec = new StoredDocuments();

    /** Opens the file, drops the H2 backend's index maps and moves maps of its layout into this one. */
    StoreFile(MVStore file) {
        this.file = file;
        // the H2 backend's index and size maps are not used here (indexes live in memory)
        for (String name : new ArrayList<>(file.getMapNames())) {
            if (name.contains("._index_") || name.startsWith("meta.")) {
                file.removeMap(name);
            }
        }
        migrateLegacyMaps();
        file.commit();
    }

    static StoreFile open(Path path) {
        return new StoreFile(openFile(path));
    }

    static StoreFile inMemory() {
        return new StoreFile(new MVStore.Builder().autoCommitDisabled().open());
    }

    /** From now on, space of dead chunks is reused after {@link #RETENTION_MS}. */
    void startReusingSpace() {
        file.setRetentionTime(RETENTION_MS);
        file.commit();
    }

    /** Commits what was applied and forces it to disk. */
    void commitAndSync() {
        if (file.hasUnsavedChanges()) {
            file.commit();
            file.sync();
        }
    }

    /**
     * Rewrites the live pages of chunks that are mostly dead, so their space can be reused (what MVStore's
     * background thread would do).
     */
    void compact() {
        if (file.compact(TARGET_FILL_RATE, HOUSEKEEPING_WRITE_BYTES)) {
            commitAndSync();
        }
    }

    /** MVStore closes the file after any error inside a commit. */
    boolean isClosed() {
        return file.isClosed();
    }

    void close() {
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
        return namespaces.stream().distinct().toList();
    }

    /** Applies a round to the file's maps: only each document's last change, drops first. */
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

    private MVMap<String, byte[]> map(String namespace) {
        return maps.computeIfAbsent(namespace, ns -> file.openMap(DATA_PREFIX + ns,
                new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                        .valueType(ByteArrayDataType.INSTANCE)));
    }
}
