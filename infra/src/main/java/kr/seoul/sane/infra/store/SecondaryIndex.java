package kr.seoul.sane.infra.store;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * What the store's own secondary indexes ({@link EqualityIndex}, {@link PresenceIndex}) share: they are never
 * unique, so they refuse nothing and never name the one document of a key; they answer queries with candidate
 * positions only, every condition is still checked document by document.
 */
abstract class SecondaryIndex extends Index<Integer> {

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
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

    /** The document's entry moves from its old value to its new one, at the same position. */
    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
                                           MongoCollection<Integer> collection) {
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public long getDataSize() {
        return 0;
    }
}
