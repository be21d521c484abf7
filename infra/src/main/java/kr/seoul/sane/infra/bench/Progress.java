package kr.seoul.sane.infra.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * What happened to each proposal of a run (warm-up first, then the measured ones): when it was submitted, how long
 * the submit took, and when it completed (its department mail arrived, or it reached triage).
 */
final class Progress {

    final AtomicLongArray submittedAt;
    final AtomicLongArray submitMs;
    final AtomicLongArray mailAt;
    final AtomicLongArray completedAt;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger triaged = new AtomicInteger();
    /** Index of the first measured proposal: completions before it are warm-up and not counted. */
    final int firstMeasured;

    Progress(int warmup, int measured) {
        int n = warmup + measured;
        submittedAt = new AtomicLongArray(n);
        submitMs = new AtomicLongArray(n);
        mailAt = new AtomicLongArray(n);
        completedAt = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            submitMs.set(i, -1);
        }
        firstMeasured = warmup;
    }

    int size() {
        return submittedAt.length();
    }

    void mailArrived(int index, long now) {
        if (index >= 0 && index < size() && mailAt.compareAndSet(index, 0, now)) {
            complete(index, now);
        }
    }

    void reachedTriage(int index, long now) {
        if (index >= 0 && index < size() && completedAt.get(index) == 0) {
            if (complete(index, now)) {
                triaged.incrementAndGet();
            }
        }
    }

    private boolean complete(int index, long now) {
        if (completedAt.compareAndSet(index, 0, now)) {
            if (index >= firstMeasured) {
                completed.incrementAndGet();
            }
            return true;
        }
        return false;
    }

    /** Completions among proposals [from, to). */
    int completedBetween(int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (completedAt.get(i) != 0) {
                count++;
            }
        }
        return count;
    }

    /** Accepted submits among proposals [from, to). */
    int acceptedBetween(int from, int to) {
        return (int) IntStream.range(from, to).filter(i -> submitMs.get(i) >= 0).count();
    }

    /** Proposals of [from, to) whose department mail arrived. */
    long mailsBetween(int from, int to) {
        return IntStream.range(from, to).filter(i -> mailAt.get(i) > 0).count();
    }

    /** The first submit among proposals [from, to) (nanoTime), or {@code otherwise} when none was sent. */
    long firstSubmit(int from, int to, long otherwise) {
        return IntStream.range(from, to).mapToLong(submittedAt::get).filter(t -> t > 0).min().orElse(otherwise);
    }

    /** The last completion among proposals [from, to) (nanoTime), 0 when none completed. */
    long lastCompletion(int from, int to) {
        return IntStream.range(from, to).mapToLong(completedAt::get).max().orElse(0);
    }

    /** The submit round trips of the accepted submits among [from, to), in ms. */
    long[] submitMillis(int from, int to) {
        return IntStream.range(from, to).mapToLong(submitMs::get).filter(v -> v >= 0).toArray();
    }

    /** Submit to department mail of the proposals of [from, to) that got one, in ms. */
    long[] endToEndMillis(int from, int to) {
        return IntStream.range(from, to).filter(i -> mailAt.get(i) > 0)
                .mapToLong(i -> Math.max(0, (mailAt.get(i) - submittedAt.get(i)) / 1_000_000)).toArray();
    }
}
