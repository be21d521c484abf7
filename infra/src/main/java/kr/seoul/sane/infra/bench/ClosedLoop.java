package kr.seoul.sane.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop rate: an operation run back to back from a number of platform threads for a window, after 20 runs
 * of warm-up; the result is successes per second.
 */
record ClosedLoop(Duration window) {

    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    /** Runs the operation from {@code workers} platform threads for the window; returns successes per second. */
    double rate(int workers, Operation operation) throws InterruptedException {
        for (int i = 0; i < 20; i++) { // warm-up
            try {
                operation.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + window.toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        operation.run();
                        done.incrementAndGet();
                    } catch (Exception e) {
                        // counted as not done
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
