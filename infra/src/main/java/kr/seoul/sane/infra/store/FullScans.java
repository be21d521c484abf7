package kr.seoul.sane.infra.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The queries that had to read every document of a collection: in total since the store was opened, and per
 * collection and query shape ({@code database.collection {field:$op}}) for the store's scan log, which takes and
 * resets them once a minute.
 */
final class FullScans {

    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> byShape = new ConcurrentHashMap<>();

    void count(String collectionAndShape) {
        total.increment();
        byShape.computeIfAbsent(collectionAndShape, name -> new LongAdder()).increment();
    }

    long total() {
        return total.sum();
    }

    /** The counts per collection and shape since the last call (those above zero), in name order; resets them. */
    Map<String, Long> drain() {
        Map<String, Long> drained = new TreeMap<>();
        byShape.forEach((name, count) -> {
            long n = count.sumThenReset();
            if (n > 0) {
                drained.put(name, n);
            }
        });
        return drained;
    }
}
