package kr.seoul.sane.proposal.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Periodically publishes pending events the immediate relay left behind: after a crash or restart, or while the
 * broker was unreachable. Also keeps the outbox gauges.
 */
@Component
class OutboxSweeper {

    private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Duration minAge;
    private final int batch;
    private final long idleMs;
    private final Clock clock;
    private final AtomicLong leftBehind = new AtomicLong();
    private final AtomicReference<Instant> oldestLeftBehind = new AtomicReference<>();
    private volatile long nextQueryAt;
    private volatile double failuresSeen;
    private volatile long lastQueryMillis;

    OutboxSweeper(MongoTemplate mongo, OutboxRelay relay, MeterRegistry meters,
                  @Value("${platform.outbox.sweep-min-age-ms:2000}") long minAgeMs,
                  @Value("${platform.outbox.sweep-batch:500}") int batch,
                  @Value("${platform.outbox.sweep-idle-ms:5000}") long idleMs, Clock clock) {
        this.clock = clock;
        this.idleMs = idleMs;
        this.mongo = mongo;
        this.relay = relay;
        this.minAge = Duration.ofMillis(minAgeMs);
        this.batch = batch;
        Gauge.builder("sane.outbox.pending", this, OutboxSweeper::pending)
                .description("Outbox events not yet acknowledged by the broker (being sent or left behind)")
                .register(meters);
        Gauge.builder("sane.outbox.oldest.age.seconds", this, OutboxSweeper::oldestAgeSeconds)
                .description("Age of the oldest outbox event not yet acknowledged by the broker")
                .register(meters);
    }

    /**
     * Runs every interval. The relay clears what it sends, so a pass that found nothing waits
     * {@code platform.outbox.sweep-idle-ms} before it queries again (events are left behind only by a crash of an
     * instance or a failed send); on a store without secondary indexes (the embedded one) the query is a scan, so
     * when it gets slow the sweep spaces itself out further (at most 5% of the time spent querying, at least every
     * 30 s). A failed publish makes the next pass run at once; leftovers found keep it running every interval.
     */
    @Scheduled(initialDelayString = "${platform.outbox.sweep-interval-ms:1000}",
            fixedDelayString = "${platform.outbox.sweep-interval-ms:1000}")
    void sweep() {
        long now = clock.millis();
        double failures = relay.failureCount();
        if (now < nextQueryAt && failures == failuresSeen) {
            return;
        }
        failuresSeen = failures;
        try {
            int published = sweepOnce();
            // leftovers found: keep going every interval until the backlog is gone
            nextQueryAt = published > 0 ? 0 : now + Math.max(idleMs, Math.min(30_000, lastQueryMillis * 20));
        } catch (RuntimeException e) {
            log.warn("outbox sweep failed: {}", kr.seoul.sane.proposal.model.PersonalData.describe(e));
        }
    }

    /** One pass; returns how many events it published. */
    int sweepOnce() {
        Instant now = clock.instant();
        Query query = Query.query(Criteria.where("pendingEvents.occurredAt").lt(now.minus(minAge)))
                .with(Sort.by(Sort.Direction.ASC, "submittedAt"))
                .limit(batch);
        query.fields().include("_id", "pendingEvents");
        long started = System.nanoTime();
        List<Proposal> stale = mongo.find(query, Proposal.class);
        lastQueryMillis = (System.nanoTime() - started) / 1_000_000;
        List<CompletableFuture<Boolean>> sends = new ArrayList<>();
        long count = 0;
        Instant oldest = null;
        for (Proposal p : stale) {
            for (PendingEvent e : p.getPendingEvents()) {
                if (e.occurredAt().isBefore(now.minus(minAge)) && !relay.isInFlightOrCleared(e.eventId())) {
                    count++;
                    oldest = oldest == null || e.occurredAt().isBefore(oldest) ? e.occurredAt() : oldest;
                    sends.add(relay.publishAsync(p.getId(), e));
                }
            }
        }
        leftBehind.set(count);
        oldestLeftBehind.set(oldest);
        if (sends.isEmpty()) {
            return 0;
        }
        log.info("outbox sweep: publishing {} event(s) left behind", sends.size());
        int published = 0;
        for (CompletableFuture<Boolean> send : sends) {
            try {
                if (send.get(2, TimeUnit.MINUTES)) {
                    published++;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        leftBehind.addAndGet(-published);
        if (leftBehind.get() == 0) {
            oldestLeftBehind.set(null);
        }
        return published;
    }

    private double pending() {
        return leftBehind.get() + relay.inFlightCount();
    }

    private double oldestAgeSeconds() {
        Instant a = oldestLeftBehind.get();
        Instant b = relay.oldestInFlight();
        Instant oldest = a == null ? b : (b == null || a.isBefore(b) ? a : b);
        return oldest == null ? 0 : Duration.between(oldest, clock.instant()).toMillis() / 1000.0;
    }
}
