package kr.seoul.sane.notification.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * What the consumer thread gathers, one value per key, while it handles a polled batch of events: written in one bulk
 * write when the batch's deliveries are written, instead of one round trip per event. Outside a batch (an
 * {@linkplain #open() open} call on this thread) nothing is gathered and callers write at once.
 */
public final class PollBuffer<V> {

    private final ThreadLocal<Map<String, V>> gathered = new ThreadLocal<>();

    /** Starts gathering on this thread (a batch of events begins). */
    public void open() {
        gathered.set(new LinkedHashMap<>());
    }

    /** Stops gathering on this thread; what was not written is dropped (the batch failed and is read again). */
    public void close() {
        gathered.remove();
    }

    /**
     * Keeps {@code value} under {@code key}; {@code merge} chooses between a value gathered earlier and this one.
     * @return false outside a batch (nothing gathered: the caller writes itself)
     */
    public boolean put(String key, V value, BinaryOperator<V> merge) {
        Map<String, V> values = gathered.get();
        if (values == null) {
            return false;
        }
        values.merge(key, value, merge);
        return true;
    }

    /** The value gathered under {@code key} in this thread's batch, or null. */
    public V get(String key) {
        Map<String, V> values = gathered.get();
        return values == null ? null : values.get(key);
    }

    /** What was gathered and not yet written, in the order of the first put per key. */
    public List<V> pending() {
        Map<String, V> values = gathered.get();
        return values == null ? List.of() : List.copyOf(values.values());
    }

    /** Hands what was gathered to {@code write} and forgets it once written (a failed write keeps it). */
    public void writePending(Consumer<List<V>> write) {
        List<V> values = pending();
        if (!values.isEmpty()) {
            write.accept(values);
            written();
        }
    }

    /** Forgets what was gathered: call once it is written (a failed write keeps it for the next attempt). */
    public void written() {
        Map<String, V> values = gathered.get();
        if (values != null) {
            values.clear();
        }
    }
}
