package kr.seoul.sane.infra.store;

import java.util.Base64;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How documents are kept in the file: their BSON bytes, as they travel on the wire (mongo-java-server's own
 * encoder and decoder). Values written by the H2 backend or by earlier versions of this store are
 * Java-serialised {@link Document}s and are still read.
 *
 * <p>A document's key in the file is its {@code _id} as a string with a type letter ({@link #key}), so the file's
 * pages hold strings and byte arrays only: nothing of a page is Java-serialised when it is written.
 *
 * <p>Not thread-safe: one instance per writing thread (the encoder reuses its buffer).
 */
final class StoredDocuments {

    private final ByteBuf buffer = Unpooled.buffer(16 * 1024);

    /** The document's BSON bytes. */
    byte[] encode(Document document) {
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        if (buffer.capacity() > 1024 * 1024) {
            buffer.capacity(16 * 1024); // one huge document does not keep a huge buffer
        }
        return bytes;
    }

    /**
     * The key of a document with this {@code _id}: {@code s<string>} for a string, {@code o<hex>} for an ObjectId
     * (what Spring Data stores for a hex string id), {@code b<base64 of the BSON of {_id: id}>} for anything else.
     * Equal ids give equal keys.
     */
    static String key(Object id) {
        if (id instanceof String string) {
            return "s" + string;
        }
        if (id instanceof ObjectId objectId) {
            return "o" + objectId.getHexData();
        }
        ByteBuf bson = Unpooled.buffer(64);
        BsonEncoder.encodeDocument(new Document("_id", id), bson);
        byte[] bytes = new byte[bson.readableBytes()];
        bson.readBytes(bytes);
        return "b" + Base64.getEncoder().encodeToString(bytes);
    }

    /** A stored value back as a document. */
    static Document decode(Object stored) {
        if (stored instanceof byte[] bytes) {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        }
        return (Document) stored;
    }
}
