package kr.seoul.sane.proposal.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.tracing.EventTracing;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Moves pending events from proposal documents to Kafka: send (the binding is synchronous, so the call returns
 * after the broker acknowledged), then {@code $pull} the event from the document. A crash between the two
 * publishes the event again later; consumers de-duplicate on eventId, so nothing is lost and nothing is done twice.
 * Each event is published within the trace its envelope names (the request that caused it), however much later.
 */
@Component
public class OutboxRelay {

    static final String BINDING = "proposalSubmitted-out-0";
    /** Output binding per event type; each binding's destination is the topic of the same name. */
    static final Map<String, String> BINDINGS = Map.of(
            SubmittedEvents.TYPE, BINDING,
            StatusChangedEvents.TYPE, "proposalStatusChanged-out-0",
            ErasureEvents.REQUESTED, "proposalErasureRequested-out-0",
            ErasureEvents.ERASED, "proposalPersonalDataErased-out-0");
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_IN_FLIGHT = 256;

    private final StreamBridge bridge;
    private final MongoTemplate mongo;
    private final EventTracing tracing;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    /** Events being published right now (eventId -> occurredAt), so the sweep leaves them alone. */
    private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
    private final Timer delay;
    private final Counter failures;
    private volatile boolean stopping;

    public OutboxRelay(StreamBridge bridge, MongoTemplate mongo, MeterRegistry meters, EventTracing tracing) {
        this.bridge = bridge;
        this.mongo = mongo;
        this.tracing = tracing;
        this.delay = Timer.builder("sane.outbox.publish.delay")
                .description("Time from acceptance of a proposal to the broker's acknowledgement of its event")
                .publishPercentileHistogram()
                .register(meters);
        this.failures = Counter.builder("sane.outbox.publish.failures")
                .description("Attempts to publish an outbox event that failed (retried by the sweep)")
                .register(meters);
        Gauge.builder("sane.outbox.in.flight", inFlight, Map::size)
                .description("Outbox events being sent right now")
                .register(meters);
    }

    /** Publishes in the background right after the insert, so the HTTP answer does not wait for Kafka. */
    public void publishSoon(String proposalId, PendingEvent event) {
        if (stopping || inFlight.putIfAbsent(event.eventId(), event.occurredAt()) != null) {
            return;
        }
        try {
            executor.execute(() -> publishClaimed(proposalId, event));
        } catch (RuntimeException rejected) {
            inFlight.remove(event.eventId());
        }
    }

    /** Publishes and waits; used by the sweep. Returns false when the event is already being sent. */
    CompletableFuture<Boolean> publishAsync(String proposalId, PendingEvent event) {
        if (stopping || inFlight.putIfAbsent(event.eventId(), event.occurredAt()) != null) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> publishClaimed(proposalId, event), executor);
    }

    /** How many publish attempts have failed so far; the sweep reacts to a change at once. */
    double failureCount() {
        return failures.count();
    }

    boolean isInFlight(String eventId) {
        return inFlight.containsKey(eventId);
    }

    Instant oldestInFlight() {
        return inFlight.values().stream().min(Instant::compareTo).orElse(null);
    }

    int inFlightCount() {
        return inFlight.size();
    }

    private boolean publishClaimed(String proposalId, PendingEvent event) {
        boolean acquired = false;
        try {
            permits.acquire();
            acquired = true;
            byte[] envelope = event.envelope().getBytes(StandardCharsets.UTF_8);
            return tracing.within(tracing.traceparentOf(envelope), "outbox publish",
                    () -> publish(proposalId, event, envelope));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (acquired) {
                permits.release();
            }
            inFlight.remove(event.eventId());
        }
    }

    private boolean publish(String proposalId, PendingEvent event, byte[] envelope) {
        try {
            Message<byte[]> message = MessageBuilder
                    .withPayload(envelope)
                    .setHeader(KafkaHeaders.KEY, proposalId)
                    .setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
                    .build();
            String binding = BINDINGS.get(event.type());
            if (binding == null) {
                log.error("outbox event {} of proposal {} has unknown type {}; left in the document",
                        event.eventId(), proposalId, event.type());
                failures.increment();
                return false;
            }
            if (!bridge.send(binding, message)) {
                failures.increment();
                return false;
            }
            mongo.updateFirst(Query.query(Criteria.where("_id").is(proposalId)),
                    new Update().pull("pendingEvents", new Document("eventId", event.eventId())), Proposal.class);
            delay.record(Duration.between(event.occurredAt(), Instant.now()));
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("outbox event {} of proposal {} not published yet ({}); the sweep retries it",
                    event.eventId(), proposalId, kr.seoul.sane.proposal.model.PersonalData.describe(e));
            return false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        // events not acknowledged by then stay in their documents and go out after the restart
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
