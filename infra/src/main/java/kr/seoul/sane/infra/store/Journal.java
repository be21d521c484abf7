package kr.seoul.sane.infra.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's write-ahead journal: each round's changes are appended to the current segment file
 * ({@code <store file>.journal.<n>}) and forced to disk before the round's commands are answered. Appending the
 * encoded documents is all a round writes; the MVStore file gets the changes later, in bulk, at a checkpoint
 * ({@link StoreFile}), after which the segments it covers are deleted. At start, the segments left are replayed
 * onto the MVStore file in order.
 *
 * <p>A record is {@code [length][CRC32C][op][namespace][key][value]} (lengths as ints, strings in UTF-8). A record
 * cut short or with a wrong checksum can only be the tail of the last round written before a crash (that round was
 * never acknowledged): replay stops there. A round that failed to write is cut off again ({@link #sync}), so the
 * next one starts on a record boundary.
 *
 * <p>Used by one thread at a time (the store's writer thread, or the start before it).
 */
final class Journal implements StoreChanges, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    private static final byte DROP = 3;
    private static final byte[] NONE = new byte[0];
    private static final String SEGMENT = ".journal.";

    private final Path storeFile;
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private Path segment;
    private long index;
    /** The segment's size after its last synced round: where a failed round is cut off. */
    private long synced;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    /** Opens a new segment after the last of {@code existing} (which the caller has replayed). */
    Journal(Path storeFile, List<Path> existing) {
        this.storeFile = storeFile;
        this.index = existing.isEmpty() ? 0 : indexOf(existing.getLast());
        openNext();
    }

    /** The journal segments of this store file, oldest first. */
    static List<Path> segments(Path storeFile) {
        Path dir = storeFile.toAbsolutePath().getParent();
        String prefix = storeFile.getFileName() + SEGMENT;
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().substring(prefix.length()).matches("\\d+"))
                    .sorted(java.util.Comparator.comparingLong(Journal::indexOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the journal of " + storeFile, e);
        }
    }

    private static long indexOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    }

    /**
     * Hands every whole record of a segment to {@code into}, in order; stops at a record cut short or damaged (the
     * unacknowledged tail of a crash).
     * @return how many records were read
     */
    static int replay(Path segment, StoreChanges into) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal segment " + segment, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32C check = new CRC32C();
        int records = 0;
        while (in.remaining() >= 8) {
            int start = in.position();
            int length = in.getInt();
            int sum = in.getInt();
            if (length < 13 || length > in.remaining()) {
                in.position(start);
                break;
            }
            check.reset();
            check.update(bytes, in.position(), length);
            if ((int) check.getValue() != sum) {
                in.position(start);
                break;
            }
            byte op = in.get();
            String namespace = string(in);
            String key = string(in);
            byte[] value = new byte[in.getInt()];
            in.get(value);
            switch (op) {
                case DROP -> into.drop(namespace);
                case PUT -> into.write(namespace, key, value);
                case REMOVE -> into.write(namespace, key, null);
                default -> throw new IllegalStateException("unknown journal record " + op + " in " + segment);
            }
            records++;
        }
        if (in.hasRemaining()) {
            log.warn("journal segment {}: the last {} bytes are an incomplete record (a round cut off by a crash, "
                    + "never acknowledged); ignored", segment.getFileName(), in.remaining());
        }
        return records;
    }

    private static String string(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Drops records appended but not synced (a round that failed before it was written is taken again whole). */
    void discardUnsynced() {
        buffer.clear();
    }

    /** Adds a dropped collection's record to the round being written. */
    @Override
    public void drop(String namespace) {
        append(DROP, namespace, NONE, NONE);
    }

    /** Adds a written or removed document's record to the round being written. */
    @Override
    public void write(String namespace, String key, byte[] document) {
        append(document == null ? REMOVE : PUT, namespace, key.getBytes(StandardCharsets.UTF_8),
                document == null ? NONE : document);
    }

    private void append(byte op, String ns, byte[] key, byte[] value) {
        byte[] namespace = ns.getBytes(StandardCharsets.UTF_8);
        int length = 1 + 4 + namespace.length + 4 + key.length + 4 + value.length;
        ensure(8 + length);
        int start = buffer.position();
        buffer.putInt(length).putInt(0).put(op)
                .putInt(namespace.length).put(namespace).putInt(key.length).put(key).putInt(value.length).put(value);
        crc.reset();
        crc.update(buffer.array(), start + 8, length);
        buffer.putInt(start + 4, (int) crc.getValue());
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
    }

    /**
     * Writes the round's records and forces them to disk. On failure the segment is cut back to its last synced
     * size and the round's records are dropped (the caller writes the round again).
     */
    void sync() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            synced = channel.position();
        } catch (IOException e) {
            try {
                channel.truncate(synced);
                channel.position(synced);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw new UncheckedIOException("writing the store's journal failed", e);
        } finally {
            buffer.clear();
            if (buffer.capacity() > 4 << 20) {
                buffer = ByteBuffer.allocate(64 * 1024); // one huge round does not keep a huge buffer
            }
        }
    }

    /** Bytes in the current segment. */
    long size() {
        return synced;
    }

    /**
     * Closes the current segment (every round of it is synced) and opens the next.
     * @return the closed segment, to be deleted once a checkpoint covers it
     */
    Path rotate() {
        Path done = segment;
        closeChannel();
        openNext();
        return done;
    }

    private void openNext() {
        index++;
        segment = storeFile.resolveSibling(storeFile.getFileName() + SEGMENT + String.format("%06d", index));
        try {
            channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            synced = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the journal segment " + segment, e);
        }
    }

    /** Deletes segments a checkpoint covers. */
    static void delete(List<Path> segments) {
        List<Path> left = new ArrayList<>();
        for (Path segment : segments) {
            try {
                Files.deleteIfExists(segment);
            } catch (IOException e) {
                left.add(segment);
            }
        }
        if (!left.isEmpty()) {
            // replayed again at the next start: the same changes in the same order, so nothing changes
            log.warn("could not delete the journal segments {}", left);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing the journal segment {} failed", segment, e);
        }
    }

    /** Closes the current segment and, when it holds nothing, deletes it. */
    @Override
    public void close() {
        closeChannel();
        if (synced == 0) {
            delete(List.of(segment));
        }
    }

    /** The current segment, for a checkpoint made while nothing more is written (the store closing). */
    Path current() {
        return segment;
    }
}
