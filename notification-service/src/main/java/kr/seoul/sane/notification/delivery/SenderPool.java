package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded pool of mail senders: a queue of at most {@code queue-capacity} tasks, department mails (and their
 * fallback copies) before applicant and operator mails, first come first served within a priority; and the timer
 * that starts retries when they are due. Remembers when work was left for the store because the queue was full.
 */
final class SenderPool {

    private static final Logger log = LoggerFactory.getLogger(SenderPool.class);

    private static final int URGENT = 0;
    private static final int DEPARTMENT = 1;
    private static final int OTHERS = 2;

    private final int capacity;
    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService timer;
    private final AtomicLong sequence = new AtomicLong();
    /** Work was left for the store because the queue was full (or a poll filled all its room). */
    private final AtomicBoolean backlog = new AtomicBoolean();
    private final Runnable afterEachTask;

    /** @param afterEachTask runs on the sender after each task (the dispatcher's refill check) */
    SenderPool(int threads, int capacity, Runnable afterEachTask) {
        this.capacity = capacity;
        this.afterEachTask = afterEachTask;
        AtomicInteger threadNumber = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(Math.max(16, capacity)), runnable -> {
                    Thread thread = new Thread(runnable, "mail-sender-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mail-retry-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Department mails (and their fallback copies) before applicant and operator mails. */
    static int priorityOf(String deliveryId) {
        return deliveryId.contains(":" + RecipientRole.DEPARTMENT.name()) ? DEPARTMENT : OTHERS;
    }

    /** Queues a task before every mail (a probe, a drain). */
    boolean submit(Runnable task) {
        return submit(URGENT, task);
    }

    /** Queues a task unless the queue is full (it is bounded by {@code queue-capacity}); lower priority first. */
    boolean submit(int priority, Runnable task) {
        if (senders.getQueue().size() >= capacity) {
            backlog.set(true);
            return false;
        }
        try {
            senders.execute(new Prioritized(priority, sequence.incrementAndGet(), () -> {
                try {
                    task.run();
                } finally {
                    afterEachTask.run();
                }
            }));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Tasks waiting in the queue. */
    int queued() {
        return senders.getQueue().size();
    }

    /** Outstanding work of the senders (queued + running). */
    int inFlight() {
        return senders.getQueue().size() + senders.getActiveCount();
    }

    void markBacklog() {
        backlog.set(true);
    }

    /** Whether work was left for the store and the queue is at most half full now. */
    boolean backlogAndHalfEmpty() {
        return backlog.get() && senders.getQueue().size() <= capacity / 2;
    }

    /** Takes the backlog mark; true for the one caller that gets it. */
    boolean takeBacklog() {
        return backlog.compareAndSet(true, false);
    }

    /** Runs {@code task} on the timer thread now (dropped while shutting down). */
    void soon(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException stopping) {
            // shutting down
        }
    }

    /** Runs {@code task} on the timer thread after {@code delay} (dropped while shutting down). */
    void after(Duration delay, Runnable task) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // shutting down: the schedule is in MongoDB
        }
    }

    void stop() throws InterruptedException {
        timer.shutdownNow();
        senders.shutdown();
        if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
    }

    /** A sender task ordered by priority, then first come first served. */
    private record Prioritized(int priority, long sequence, Runnable task) implements Runnable, Comparable<Prioritized> {

        @Override
        public void run() {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("sender task failed: {}", e.toString());
            }
        }

        @Override
        public int compareTo(Prioritized other) {
            int byPriority = Integer.compare(priority, other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }
}
