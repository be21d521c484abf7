package kr.seoul.sane.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the outbox of the deliveries ({@link PendingEvent} in field {@code pendingEvent}) in batches: it takes
 * what has gathered (waiting {@code linger} after the first entry), sends every event of the batch at once (the
 * records of one batch travel together), waits for all the broker's acknowledgements, then clears the acknowledged
 * ones in one bulk write. Nothing is cleared
 * before its acknowledgement; an event not acknowledged stays in its delivery and the sweep publishes it again
 * (consumers de-duplicate on eventId). The sweep also finds what a crashed instance left behind.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxPublisher publisher;
    private final OutboxEntries outbox;
    private final Clock clock;
    private final Duration linger;
    private final int batchSize;
    private final Duration sweepGrace;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Delivery ids queued or being published: a second enqueue of the same entry is ignored. */
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final Duration ackTimeout;
    private final Thread worker;
    private final Counter published;
    private final Counter failures;
    private final Counter batches;
    private volatile boolean stopping;

    public OutboxRelay(OutboxPublisher publisher, OutboxEntries outbox, Clock clock, MeterRegistry meters,
                       @Value("${sane.notification.outbox.linger:20ms}") Duration linger,
                       @Value("${sane.notification.outbox.batch:200}") int batchSize,
                       @Value("${sane.notification.outbox.sweep-grace:30s}") Duration sweepGrace,
                       @Value("${sane.notification.outbox.ack-timeout:30s}") Duration ackTimeout) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.linger = linger;
        this.batchSize = batchSize;
        this.sweepGrace = sweepGrace;
        this.published = Counter.builder("sane.notification.outbox.published")
                .description("notification.delivered/failed events acknowledged by the broker").register(meters);
        this.failures = Counter.builder("sane.notification.outbox.failures")
                .description("Outbox events not acknowledged (left in their delivery for the sweep)").register(meters);
        this.batches = Counter.builder("sane.notification.outbox.batches")
                .description("Batches published (each cleared in one bulk write)").register(meters);
        Gauge.builder("sane.notification.outbox.queued", inFlight, Map::size)
                .description("Outbox events queued or being published by this instance").register(meters);
        this.worker = Thread.ofPlatform().daemon().name("outbox-relay").unstarted(this::run);
        this.worker.start();
    }

    /** Publishes soon; the event is already stored in the delivery, so losing this call loses nothing. */
    public void publishSoon(String deliveryId, PendingEvent event) {
        if (event == null || stopping || inFlight.putIfAbsent(deliveryId, event.eventId()) != null) {
            return;
        }
        queue.add(new Entry(deliveryId, event));
    }

    /** The safety net: events not acknowledged in time (broker down, crashed instance) are published again. */
    @Scheduled(fixedDelayString = "${sane.notification.outbox.sweep-interval:60s}", initialDelay = 3000)
    public void sweep() {
        try {
            for (Map.Entry<String, PendingEvent> pending
                    : outbox.pendingEvents(clock.instant().minus(sweepGrace), batchSize).entrySet()) {
                publishSoon(pending.getKey(), pending.getValue());
            }
        } catch (RuntimeException e) {
            log.debug("outbox sweep failed: {}", e.toString());
        }
    }

    private void run() {
        while (!stopping) {
            try {
                Entry first = queue.take();
                if (!linger.isZero()) {
                    Thread.sleep(linger.toMillis());
                }
                List<Entry> batch = new ArrayList<>(Math.min(batchSize, queue.size() + 1));
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                publish(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox batch failed: {}", e.toString());
            }
        }
    }

    private void publish(List<Entry> batch) throws InterruptedException {
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            sends.add(send(entry));
        }
        Map<String, String> acknowledged = new LinkedHashMap<>();
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (int i = 0; i < batch.size(); i++) {
                Entry entry = batch.get(i);
                if (acknowledged(sends.get(i), deadline, entry)) {
                    acknowledged.put(entry.deliveryId(), entry.event().eventId());
                } else {
                    failures.increment();
                }
            }
            if (!acknowledged.isEmpty()) {
                outbox.clearPendingEvents(acknowledged);
                published.increment(acknowledged.size());
                batches.increment();
            }
        } finally {
            batch.forEach(entry -> inFlight.remove(entry.deliveryId(), entry.event().eventId()));
        }
    }

    private CompletableFuture<?> send(Entry entry) {
        try {
            return publisher.send(entry.event());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private boolean acknowledged(CompletableFuture<?> send, long deadline, Entry entry) throws InterruptedException {
        try {
            send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} of delivery {} not acknowledged yet ({}); the sweep retries it", entry.event().type(),
                    entry.deliveryId(), e.getCause() != null ? e.getCause().toString() : e.toString());
            return false;
        }
    }

    /** Outbox events queued or being published by this instance. */
    public int inFlight() {
        return inFlight.size();
    }

    private record Entry(String deliveryId, PendingEvent event) {
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        worker.interrupt();
        // events not acknowledged by now stay in their deliveries and go out after the restart
        worker.join(TimeUnit.SECONDS.toMillis(10));
    }
}
