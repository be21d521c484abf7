package kr.seoul.sane.infra.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * What the store's own secondary indexes ({@link EqualityIndex}, {@link PresenceIndex}) share: they are never
 * unique, so they refuse nothing and never name the one document of a key; they answer queries with candidate
 * positions only, every condition is still checked document by document. Each document's position is kept by its
 * {@code _id}, so a removal or an update finds the entry of the document as it was.
 */
abstract class SecondaryIndex extends Index<Integer> {

    static final String ID = "_id";

    private final Map<Object, Integer> positionById = new HashMap<>();

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    /**
     * The store's own index for these keys, or null: an {@link EqualityIndex} on the first key when that is a
     * top-level field, so equality queries on it read only their documents, and a {@link PresenceIndex} when it is a
     * nested path, so a query that needs a value there reads only the documents that hold one.
     */
    static SecondaryIndex forKeys(String name, List<IndexKey> keys, boolean sparse) {
        if (EqualityIndex.supports(keys)) {
            return new EqualityIndex(name, keys);
        }
        return PresenceIndex.supports(keys) ? new PresenceIndex(name, keys, sparse) : null;
    }

    /** Files the document under what the index keeps of it. */
    abstract void enter(Document document, Integer position);

    /** Forgets the entry at {@code position}. */
    abstract void leave(Integer position);

    /** Whether the index files both versions of a document alike (so an update in place leaves its entry be). */
    abstract boolean filedAlike(Document oldDocument, Document newDocument);

    /** Forgets every entry. */
    abstract void clear();

    @Override
    public final synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        positionById.put(document.get(ID), position);
        enter(document, position);
    }

    @Override
    public final synchronized Integer remove(Document document) {
        Integer position = positionById.remove(document.get(ID));
        if (position != null) {
            leave(position);
        }
        return position;
    }

    @Override
    public final synchronized long getCount() {
        return positionById.size();
    }

    @Override
    public final synchronized void drop() {
        positionById.clear();
        clear();
    }

    @Override
    public Integer getPosition(Document document) {
        return null; // many documents share a value: never the one document of a key
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Integer> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
        // not unique: nothing to refuse
    }

    /**
     * The document's entry moves from its old value to its new one, at the same position; an update that leaves what
     * the index keeps of the document as it was (most updates: a status mark, a guard's event id) changes nothing.
     */
    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
                                           MongoCollection<Integer> collection) {
        // the entry is kept by _id, which an update cannot change (the backend refuses it); checked all the same
        if (Objects.equals(oldDocument.get(ID), newDocument.get(ID)) && filedAlike(oldDocument, newDocument)) {
            return;
        }
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public long getDataSize() {
        return 0;
    }
}
