package kr.seoul.sane.opssecurity.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that starts at a fixed instant, runs at the speed of real time (so timeouts and sweeps of the service
 * under test still elapse) and is moved forward explicitly by the test to reach reminder, escalation or expiry
 * days. Started at a fixed instant, business-day arithmetic gives the same answer on whatever day the build runs.
 */
public final class MutableClock extends Clock {

    /** Seconds after the contract examples' {@code occurredAt} (2026-11-23T09:15:31Z, a Monday, 18:15 in Seoul). */
    public static final Instant START = Instant.parse("2026-11-23T09:15:40Z");

    private final Instant start;
    private final long startNanos;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    /** Starts at {@link #START}, just after the contract examples the tests send. */
    public MutableClock() {
        this(START);
    }

    public MutableClock(Instant start) {
        this(start, System.nanoTime(), new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private MutableClock(Instant start, long startNanos, AtomicReference<Duration> offset, ZoneId zone) {
        this.start = start;
        this.startNanos = startNanos;
        this.offset = offset;
        this.zone = zone;
    }

    /** Moves this clock (and every view of it in another zone) forward. */
    public void advance(Duration duration) {
        offset.accumulateAndGet(duration, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time seen in {@code zone}. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(start, startNanos, offset, zone);
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos).plus(offset.get());
    }
}
