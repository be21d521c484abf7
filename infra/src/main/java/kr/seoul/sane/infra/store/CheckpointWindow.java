package kr.seoul.sane.infra.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The journalled changes a checkpoint writes to the MVStore file ({@link StoreFile}): per collection, whether it was
 * dropped first, then the last state of each changed document (null = removed). Used by the store's writer thread
 * until the checkpoint thread takes it whole.
 */
final class CheckpointWindow implements StoreChanges {

    private record Changes(boolean droppedFirst, Map<String, byte[]> documents) {
    }

    private final Map<String, Changes> byNamespace = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long bytes;
    private int changes;

    boolean isEmpty() {
        return byNamespace.isEmpty();
    }

    /** When the window was opened ({@link System#nanoTime}). */
    long started() {
        return started;
    }

    /** The bytes of the keys and documents it holds (a document changed twice counted twice). */
    long bytes() {
        return bytes;
    }

    /** The changes taken into it. */
    int changes() {
        return changes;
    }

    /** The collection was dropped: what it held in the window goes, its later changes follow the drop. */
    @Override
    public void drop(String namespace) {
        byNamespace.put(namespace, new Changes(true, new LinkedHashMap<>()));
        changes++;
    }

    @Override
    public void write(String namespace, String key, byte[] document) {
        byNamespace.computeIfAbsent(namespace, ns -> new Changes(false, new LinkedHashMap<>())).documents()
                .put(key, document);
        bytes += key.length() + (document == null ? 0 : document.length);
        changes++;
    }

    void writeTo(StoreChanges target) {
        byNamespace.forEach((namespace, changed) -> {
            if (changed.droppedFirst()) {
                target.drop(namespace);
            }
            changed.documents().forEach((key, document) -> target.write(namespace, key, document));
        });
    }
}
