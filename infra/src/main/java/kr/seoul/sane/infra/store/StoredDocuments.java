package kr.seoul.sane.infra.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How documents are kept in the file: their BSON bytes, as they travel on the wire (mongo-java-server's own
 * encoder and decoder). Values written by the H2 backend or by earlier versions of this store are
 * Java-serialised {@link Document}s and are still read.
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

    /** A stored value back as a document. */
    static Document decode(Object stored) {
        if (stored instanceof byte[] bytes) {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        }
        return (Document) stored;
    }
}
