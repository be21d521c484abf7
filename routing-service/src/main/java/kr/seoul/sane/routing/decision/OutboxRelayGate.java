package kr.seoul.sane.routing.decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When an outbox relay looks into the store: only when something can be pending — once after the start (a
 * predecessor may have crashed), after a failed publish of this instance until nothing is pending any more, and every
 * {@code sweep} (another instance that died for good); an idle service issues no relay query. Also the one way the
 * outboxes wait for the broker's acknowledgements.
 */
public final class OutboxRelayGate {

    /** How long a caller waits for the broker's acknowledgement before the work counts as failed (and is retried). */
    public static final long ACK_TIMEOUT_SECONDS = 30;

    private final Clock clock;
    private final Duration sweep;
    private final AtomicBoolean mayBePending = new AtomicBoolean(true);
    private volatile Instant lastLook;

    public OutboxRelayGate(Clock clock, Duration sweep) {
        this.clock = clock;
        this.sweep = sweep;
        this.lastLook = clock.instant();
    }

    /** True when the relay should query the store now (and notes the look). */
    public boolean shouldLook() {
        boolean sweepDue = clock.instant().isAfter(lastLook.plus(sweep));
        if (!mayBePending.getAndSet(false) && !sweepDue) {
            return false;
        }
        lastLook = clock.instant();
        return true;
    }

    /** A publish failed or entries are still waiting: the relay looks again next time. */
    public void mayBePending() {
        mayBePending.set(true);
    }

    /** Waits for every acknowledgement at once; the first failure is thrown (the caller's work is retried). */
    public static void await(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not acknowledge an event: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from the broker within " + ACK_TIMEOUT_SECONDS + " s", e);
        }
    }
}
