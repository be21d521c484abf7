package kr.seoul.sane.infra.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit of {@link DurableMemoryBackend}'s {@link StoreFile}: the backend notes each changed document
 * ({@link #note}); one writer thread takes all noted changes at once, encodes the current state of each changed
 * document once (under its collection's lock), appends them to the store's journal and forces it to disk (the
 * MVStore file gets them at the next checkpoint, see {@link StoreFile}), then opens the round's latch, which the
 * commands that made the changes wait on ({@link #awaitOwnRound}). While
 * the store is busy the writer first waits a few milliseconds for more changes (group-commit window), so that one
 * commit and one fsync cover more writes. A round that fails keeps its changes; they are written with the next
 * attempt (retried with a growing pause up to 5 s, logged), and the commands waiting for them are not answered
 * until then. With nothing changed the writer thread sleeps.
 */
final class GroupCommitLog {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitLog.class);
    private static final long MAX_RETRY_PAUSE_MS = 5_000;
    /** Checkpoints (and, without a journal, compactions) are considered at most this often. */
    private static final long HOUSEKEEPING_INTERVAL_MS = 1_000;
    /**
     * Group-commit window: while the store is busy (a round was written less than {@link #QUIET_MILLIS} ago), the
     * writer waits up to this long after the first change of a round for more, unless {@link #GROUP_TARGET}
     * changes are already waiting. A first change after a quiet spell is written at once.
     */
    static final long GROUP_WINDOW_MICROS = Long.getLong("store.group-commit-window-micros", 3_000);
    /** Without a round for this long the store counts as quiet: its next change is written without waiting. */
    static final long QUIET_MILLIS = Long.getLong("store.group-commit-quiet-millis", 100);
    /** A round with this many changes is written without waiting. */
    static final int GROUP_TARGET = 64;

    private final StoreFile file;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Guards {@link #pending} and {@link #nextRound}; the writer thread waits on it for changes. */
    private final Object pendingLock = new Object();
    private List<Change> pending = new ArrayList<>();
    /**
     * Opened when the round that takes the {@link #pending} changes is on disk. Commands wait on it without a shared
     * monitor (the release unparks each waiter once; a monitor's notifyAll made every event-loop thread of a round
     * fight for the monitor again).
     */
    private CountDownLatch nextRound = new CountDownLatch(1);
    /** The round each thread's last change belongs to, until its command waited for it. */
    private final ThreadLocal<CountDownLatch[]> ownRound = ThreadLocal.withInitial(() -> new CountDownLatch[1]);

    /** Guards the writing of a round; {@link #unwritten} belongs to it. */
    private final Object flushLock = new Object();
    /** The changes of a round that failed, written again with the next one. */
    private List<Change> unwritten = new ArrayList<>();
    /** The rounds whose changes are in {@link #unwritten}: opened once those are written. */
    private List<CountDownLatch> unwrittenRounds = new ArrayList<>();
    private final AtomicLong failedFlushes = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong groupWaits = new AtomicLong();
    private final AtomicLong groupWaitNanos = new AtomicLong();
    private long lastHousekeeping = System.nanoTime();
    /** What happens when the file is closed by an error: nothing by default (the commands keep waiting). */
    private volatile Runnable fileLost = () -> { };
    /** Runs before each commit; tests make it fail. */
    private volatile Runnable beforeCommit = () -> { };
    private Thread writer;


    GroupCommitLog(StoreFile file) {
        this.file = file;
    }

    /** Starts the writer thread, once the stored documents are loaded. */
    void start() {
        file.startReusingSpace();
        writer = Thread.ofPlatform().daemon().name("mongo-store-writer").start(this::writeRounds);
    }

    /** Notes a change; the thread's commands then wait for it to reach the disk ({@link #awaitOwnRound}). */
    void note(Change change) {
        CountDownLatch round;
        synchronized (pendingLock) {
            pending.add(change);
            round = nextRound;
            if (pending.size() == 1 || pending.size() == GROUP_TARGET) {
                pendingLock.notify(); // only the writer waits on this lock
            }
        }
        ownRound.get()[0] = round;
    }

    /** Waits until the round of this thread's last noted change is on disk (at once when it noted none). */
    void awaitOwnRound() {
        CountDownLatch[] own = ownRound.get();
        CountDownLatch round = own[0];
        if (round != null) {
            own[0] = null;
            awaitDurable(round);
        }
    }

    /** Rounds are written in order and a failed round's changes go with the next: its latch covers all before. */
    private static void awaitDurable(CountDownLatch round) {
        try {
            round.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The writer thread: a round as soon as there are changes after a quiet spell; while busy (a round was written
     * shortly before) it first waits up to {@link #GROUP_WINDOW_MICROS} for {@link #GROUP_TARGET}
     * changes, so that under load one commit and one fsync cover more writes.
     */
    private void writeRounds() {
        long pause = 0;
        long lastRound = System.nanoTime() - QUIET_MILLIS * 1_000_000;
        boolean arrivedDuringRound = false;
        while (!closed.get()) {
            try {
                synchronized (pendingLock) {
                    if (pause > 0) {
                        pendingLock.wait(pause);
                    }
                    while (pending.isEmpty() && pause == 0 && !closed.get()) {
                        pendingLock.wait();
                    }
                    if (pause == 0 && (arrivedDuringRound
                            || System.nanoTime() - lastRound < QUIET_MILLIS * 1_000_000)) {
                        gatherMore();
                    }
                }
                if (closed.get()) {
                    return;
                }
                flush();
                pause = 0;
                lastRound = System.nanoTime();
                synchronized (pendingLock) {
                    arrivedDuringRound = !pending.isEmpty();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (file.isClosed() && !closed.get()) {
                    // MVStore closes the file after an error inside a commit: no later round can succeed
                    log.error("the store file was closed after a write error; {} changes are not on disk and were "
                            + "not acknowledged", unflushed(), e);
                    fileLost.run();
                    return;
                }
                pause = pause == 0 ? 50 : Math.min(pause * 2, MAX_RETRY_PAUSE_MS);
                log.error("writing {} changes to the store file failed (attempt {} in a row); they are kept and "
                        + "written again in {} ms, the commands that made them are not answered until then",
                        unflushed(), failedFlushes.get(), pause, e);
            }
        }
    }

    /** Waits (holding {@link #pendingLock}) up to the group-commit window until enough changes are pending. */
    private void gatherMore() throws InterruptedException {
        long deadline = System.nanoTime() + GROUP_WINDOW_MICROS * 1_000;
        long started = System.nanoTime();
        while (pending.size() < GROUP_TARGET && !closed.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            pendingLock.wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        groupWaits.incrementAndGet();
        groupWaitNanos.addAndGet(System.nanoTime() - started);
    }

    /**
     * Writes the noted changes (and those of a failed round) to the file, commits and forces it to disk.
     * @return how many changes were written
     * @throws RuntimeException when the file could not be written; the changes are kept for the next round
     */
    public int flush() {
        synchronized (flushLock) {
            List<Change> batch;
            List<CountDownLatch> rounds = unwrittenRounds;
            synchronized (pendingLock) {
                batch = pending;
                pending = new ArrayList<>();
                rounds.add(nextRound);
                nextRound = new CountDownLatch(1);
            }
            unwrittenRounds = new ArrayList<>();
            if (!unwritten.isEmpty()) {
                unwritten.addAll(batch);
                batch = unwritten;
                unwritten = new ArrayList<>();
            }
            try {
                file.apply(batch);
                beforeCommit.run();
                file.commitAndSync();
            } catch (RuntimeException e) {
                unwritten = batch;
                unwrittenRounds = rounds;
                failedFlushes.incrementAndGet();
                throw e;
            }
            flushes.incrementAndGet();
            rounds.forEach(CountDownLatch::countDown);
            if (!batch.isEmpty() && System.nanoTime() - lastHousekeeping > HOUSEKEEPING_INTERVAL_MS * 1_000_000) {
                lastHousekeeping = System.nanoTime();
                housekeeping();
            }
            return batch.size();
        }
    }

    /**
     * Rewrites the live pages of chunks that are mostly dead, so their space can be reused (what MVStore's
     * background thread would do). Runs after a round's commands were answered; a failure here loses nothing.
     */
    private void housekeeping() {
        try {
            file.compact();
        } catch (RuntimeException e) {
            log.warn("compacting the store file failed", e);
        }
        if (file.isClosed() && !closed.get()) {
            // a checkpoint failed: the journal still holds everything acknowledged, the next start replays it
            log.error("the store file can no longer be written; the store stops and its next start replays the "
                    + "journal");
            fileLost.run();
        }
    }

    /** Changes made but not yet on disk. */
    public int unflushed() {
        int count;
        synchronized (pendingLock) {
            count = pending.size();
        }
        synchronized (flushLock) {
            return count + unwritten.size();
        }
    }

    /** Rounds written since the store was opened. */
    public long flushes() {
        return flushes.get();
    }

    /** Rounds that waited for more changes (group-commit window) since the store was opened. */
    public long groupWaits() {
        return groupWaits.get();
    }

    /** Time the writer spent in group-commit windows since the store was opened, in nanoseconds. */
    public long groupWaitNanos() {
        return groupWaitNanos.get();
    }

    /** Rounds that failed since the store was opened. */
    public long failedFlushes() {
        return failedFlushes.get();
    }

    /**
     * What to do when MVStore has closed the file after a write error (it does so on any failure inside a commit):
     * no further round can reach the disk, the commands waiting for theirs are never answered. The store's main
     * stops the process, so the platform restarts it from the file (everything acknowledged is there).
     */
    public void onFileLost(Runnable action) {
        fileLost = action;
    }

    /** For tests: runs before each commit of a round; an exception there makes the round fail. */
    void beforeCommit(Runnable hook) {
        beforeCommit = hook;
    }

    /**
     * Stops the writer, writes what is still noted, answers every waiting command and closes the file. Nothing may
     * be noted any more once this starts.
     */
    void close() {
        closed.set(true);
        synchronized (pendingLock) {
            pendingLock.notifyAll();
        }
        try {
            if (writer != null) {
                writer.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("the last {} changes could not be written to the store file", unflushed(), e);
        }
        // nothing waits for the disk any more
        synchronized (flushLock) {
            unwrittenRounds.forEach(CountDownLatch::countDown);
        }
        synchronized (pendingLock) {
            nextRound.countDown();
        }
        file.close();
    }
}
