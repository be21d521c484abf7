package kr.seoul.sane.proposal.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.PersonalData;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves pending events from proposal documents to Kafka, in batches: take what is queued (up to
 * {@code platform.outbox.relay-batch}), send it all asynchronously, wait for every acknowledgement of the broker,
 * then clear the acknowledged events with one bulk write. Nothing is cleared before its acknowledgement; an event
 * whose send failed stays in its document and the sweep sends it again. A crash between send and clear publishes
 * the event again later; consumers de-duplicate on eventId, so nothing is lost and nothing is done twice.
 * <p>
 * One drain task runs while there is work and none at idle: the first event wakes it at once (no polling delay),
 * and events arriving while a batch is on its way form the next batch. Each event is sent within the trace its
 * envelope names (the request that caused it), however much later.
 */
@Component
public class OutboxRelay {

    /** The event types this service publishes; each goes to the topic of the same name. */
    static final Set<String> TYPES = Set.of(SubmittedEvents.TYPE, StatusChangedEvents.TYPE,
            ErasureEvents.REQUESTED, ErasureEvents.ERASED);
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final MongoTemplate mongo;
    private final EventTracing tracing;
    private final EnvelopeReader reader;
    private final int batchSize;
    private final Duration ackTimeout;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("outbox-relay").daemon().factory());
    private final ConcurrentLinkedQueue<Claim> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Events queued or being published right now (eventId -> occurredAt), so the sweep leaves them alone. */
    private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
    /**
     * Events this instance cleared lately (eventId -> when, in clock millis): a sweep that read a document before
     * the clear still holds them, and must not send them again.
     */
    private final Map<String, Long> recentlyCleared = new ConcurrentHashMap<>();
    private final long clearedMemoryMs;
    private volatile long nextForget;
    private final Timer delay;
    private final Counter failures;
    private final Counter batches;
    private final Clock clock;
    private volatile boolean stopping;

    /** An event this instance has taken on, and the answer: true once acknowledged and cleared. */
    private record Claim(String proposalId, PendingEvent event, CompletableFuture<Boolean> done) {
    }

    public OutboxRelay(KafkaTemplate<String, byte[]> outboxKafkaTemplate, MongoTemplate mongo, MeterRegistry meters,
                       EventTracing tracing, EnvelopeReader reader,
                       @Value("${platform.outbox.relay-batch:500}") int batchSize,
                       @Value("${platform.outbox.delivery-timeout-ms:30000}") long deliveryTimeoutMs,
                       @Value("${platform.outbox.cleared-memory-ms:120000}") long clearedMemoryMs, Clock clock) {
        this.clock = clock;
        this.clearedMemoryMs = clearedMemoryMs;
        this.kafka = outboxKafkaTemplate;
        this.mongo = mongo;
        this.tracing = tracing;
        this.reader = reader;
        this.batchSize = Math.max(1, batchSize);
        this.ackTimeout = Duration.ofMillis(deliveryTimeoutMs + 5_000);
        this.delay = Timer.builder("sane.outbox.publish.delay")
                .description("Time from acceptance of a proposal to the broker's acknowledgement of its event")
                .publishPercentileHistogram()
                .register(meters);
        this.failures = Counter.builder("sane.outbox.publish.failures")
                .description("Attempts to publish an outbox event that failed (retried by the sweep)")
                .register(meters);
        this.batches = Counter.builder("sane.outbox.batches")
                .description("Batches the relay sent and cleared (one bulk write each)")
                .register(meters);
        Gauge.builder("sane.outbox.in.flight", inFlight, Map::size)
                .description("Outbox events being sent right now")
                .register(meters);
    }

    /** Publishes in the background right after the write, so the HTTP answer does not wait for Kafka. */
    public void publishSoon(String proposalId, PendingEvent event) {
        claim(proposalId, event);
    }

    /** Publishes and completes with true once acknowledged and cleared; false when already being sent. */
    CompletableFuture<Boolean> publishAsync(String proposalId, PendingEvent event) {
        return claim(proposalId, event);
    }

    private CompletableFuture<Boolean> claim(String proposalId, PendingEvent event) {
        if (stopping || inFlight.putIfAbsent(event.eventId(), event.occurredAt()) != null) {
            return CompletableFuture.completedFuture(false);
        }
        // checked after taking the event: the relay notes a clear before it lets go of the event
        if (recentlyCleared.containsKey(event.eventId())) {
            inFlight.remove(event.eventId());
            return CompletableFuture.completedFuture(false);
        }
        Claim claim = new Claim(proposalId, event, new CompletableFuture<>());
        queue.add(claim);
        wake();
        return claim.done();
    }

    private void wake() {
        if (draining.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RuntimeException rejected) {
                draining.set(false);
                Claim c;
                while ((c = queue.poll()) != null) {
                    finish(c, false);
                }
            }
        }
    }

    private void drain() {
        while (true) {
            List<Claim> batch = new ArrayList<>();
            Claim next;
            while (batch.size() < batchSize && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // an event queued after the poll but before the flag was cleared must not wait for the next one
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                publish(batch);
            } catch (RuntimeException e) {
                log.warn("outbox batch of {} not published ({}); the sweep retries it", batch.size(),
                        PersonalData.describe(e));
                batch.stream().filter(c -> !c.done().isDone()).forEach(c -> finish(c, false));
            }
        }
    }

    /** Sends the batch, waits for every acknowledgement, clears the acknowledged events in one bulk write. */
    private void publish(List<Claim> batch) {
        Map<Claim, CompletableFuture<?>> sends = new LinkedHashMap<>();
        for (Claim c : batch) {
            CompletableFuture<?> send = send(c);
            if (send == null) {
                finish(c, false);
            } else {
                sends.put(c, send);
            }
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<Claim> acknowledged = new ArrayList<>(sends.size());
        for (Map.Entry<Claim, CompletableFuture<?>> s : sends.entrySet()) {
            try {
                s.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(s.getKey());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish(s.getKey(), false);
            } catch (Exception e) {
                log.warn("outbox event {} of proposal {} not acknowledged ({}); the sweep retries it",
                        s.getKey().event().eventId(), s.getKey().proposalId(), PersonalData.describe(e));
                finish(s.getKey(), false);
            }
        }
        if (acknowledged.isEmpty()) {
            return;
        }
        clear(acknowledged);
        Instant now = clock.instant();
        forgetOldClears(now.toEpochMilli());
        for (Claim c : acknowledged) {
            delay.record(Duration.between(c.event().occurredAt(), now));
            recentlyCleared.put(c.event().eventId(), now.toEpochMilli());
            finish(c, true);
        }
        batches.increment();
    }

    private CompletableFuture<?> send(Claim c) {
        PendingEvent event = c.event();
        if (!TYPES.contains(event.type())) {
            log.error("outbox event {} of proposal {} has unknown type {}; left in the document",
                    event.eventId(), c.proposalId(), event.type());
            return null;
        }
        try {
            byte[] envelope = event.envelope().getBytes(StandardCharsets.UTF_8);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.type(), c.proposalId(), envelope);
            // no contentType header: Spring Cloud Stream consumers read a raw one as byte[] and refuse the record
            // ("Unknown type for contentType header value"); without it they take their default, JSON
            return tracing.within(reader.traceparentOf(envelope), "outbox publish", () -> kafka.send(record));
        } catch (RuntimeException e) {
            log.warn("outbox event {} of proposal {} not sent ({}); the sweep retries it", event.eventId(),
                    c.proposalId(), PersonalData.describe(e));
            return null;
        }
    }

    /** One bulk write: per proposal, pull its acknowledged events. */
    private void clear(List<Claim> acknowledged) {
        Map<String, List<String>> byProposal = new LinkedHashMap<>();
        for (Claim c : acknowledged) {
            byProposal.computeIfAbsent(c.proposalId(), id -> new ArrayList<>()).add(c.event().eventId());
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Proposal.class);
        byProposal.forEach((proposalId, eventIds) -> bulk.updateOne(
                Query.query(Criteria.where("_id").is(proposalId)),
                new Update().pull("pendingEvents", new Document("eventId", new Document("$in", eventIds)))));
        bulk.execute();
    }

    /** At most once a second: forgets the clears older than {@code platform.outbox.cleared-memory-ms}. */
    private void forgetOldClears(long now) {
        if (now >= nextForget) {
            nextForget = now + 1_000;
            recentlyCleared.values().removeIf(at -> at < now - clearedMemoryMs);
        }
    }

    private void finish(Claim c, boolean cleared) {
        if (!cleared) {
            failures.increment();
        }
        inFlight.remove(c.event().eventId());
        c.done().complete(cleared);
    }

    /** How many publish attempts have failed so far; the sweep reacts to a change at once. */
    double failureCount() {
        return failures.count();
    }

    boolean isInFlight(String eventId) {
        return inFlight.containsKey(eventId);
    }

    /** Being sent right now, or cleared by this instance lately: a sweep leaves it alone. */
    boolean isInFlightOrCleared(String eventId) {
        return inFlight.containsKey(eventId) || recentlyCleared.containsKey(eventId);
    }

    Instant oldestInFlight() {
        return inFlight.values().stream().min(Instant::compareTo).orElse(null);
    }

    int inFlightCount() {
        return inFlight.size();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        worker.shutdown();
        // events not acknowledged by then stay in their documents and go out after the restart
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
