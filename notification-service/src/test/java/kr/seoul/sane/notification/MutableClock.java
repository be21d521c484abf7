package kr.seoul.sane.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that starts at a fixed instant, runs at the speed of real time and is moved forward by the test to reach
 * reminder and escalation days. It starts just after the {@code occurredAt} of the contract examples the tests send
 * (Monday 2026-11-23), so business-day arithmetic gives the same answer on whatever day the build runs.
 */
final class MutableClock extends Clock {

    /** Seconds after the example events' {@code occurredAt} (2026-11-23T09:15:31Z, a Monday). */
    static final Instant START = Instant.parse("2026-11-23T09:15:40Z");

    private final Instant start;
    private final long startNanos = System.nanoTime();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    MutableClock() {
        this(START);
    }

    MutableClock(Instant start) {
        this.start = start;
    }

    void advance(Duration duration) {
        offset.accumulateAndGet(duration, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos).plus(offset.get());
    }
}
