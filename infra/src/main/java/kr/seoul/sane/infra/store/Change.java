package kr.seoul.sane.infra.store;

import de.bwaldvogel.mongo.bson.Document;

/**
 * One noted change: a document written (the stored document itself, encoded when its round is written), a
 * document removed ({@code document == null}) or a dropped collection. {@code owner} is the lock under which the
 * document is changed.
 */
record Change(Object owner, String namespace, Object key, Document document, boolean dropped) {

    record Key(String namespace, Object key) {
    }
}
