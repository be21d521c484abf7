package kr.seoul.sane.infra.store;

/**
 * Where the store's changes go, in order: the MVStore file's maps ({@link StoreFile}), the journal ({@link Journal})
 * and the window a checkpoint writes ({@link CheckpointWindow}); a journal's replay hands its records to the file the
 * same way.
 */
interface StoreChanges {

    /** The collection ({@code db.collection}) was dropped. */
    void drop(String namespace);

    /** A document's BSON under its key, or the key removed ({@code document} null). */
    void write(String namespace, String key, byte[] document);
}
