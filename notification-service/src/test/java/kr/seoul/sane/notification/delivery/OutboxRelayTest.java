package kr.seoul.sane.notification.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import kr.seoul.sane.events.EnvelopeWriter;
import kr.seoul.sane.notification.mail.RecipientRole;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.tracing.EventTracing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox in the delivery document: an event is cleared only after the broker acknowledged it, a batch is
 * cleared by one bulk write, and what was not acknowledged is published again by the sweep.
 */
class OutboxRelayTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress ADDRESS = MONGO.bind();
    private static final MongoClient CLIENT = MongoClients.create(
            "mongodb://" + ADDRESS.getHostString() + ":" + ADDRESS.getPort());

    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "outbox-test-" + System.nanoTime());
    private final DeliveryStore store = new DeliveryStore(mongo);
    private final DeliveryOutcomes outcomes = new DeliveryOutcomes(mongo);
    /** What the fake broker answers per delivery id; a send waits for {@link #acknowledge} unless refused. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sends = new AtomicInteger();
    private volatile CountDownLatch acknowledge = new CountDownLatch(0);
    private final OutboxPublisher publisher = event -> {
        sends.incrementAndGet();
        String deliveryId = event.envelope().replaceAll("(?s).*\"deliveryId\":\"([^\"]+)\".*", "$1");
        if (refused.contains(deliveryId)) {
            return CompletableFuture.failedFuture(new IllegalStateException("not acknowledged"));
        }
        CountDownLatch latch = acknowledge;
        return CompletableFuture.runAsync(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    };
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = new MutableClock();

    @AfterAll
    static void stop() {
        CLIENT.close();
        MONGO.shutdownNow();
    }

    @Test
    void anEventIsClearedOnlyAfterItsAcknowledgementAndABatchInOneBulkWrite() throws Exception {
        acknowledge = new CountDownLatch(1);
        OutboxRelay relay = relay(Duration.ofMillis(300), Duration.ofHours(1));
        try {
            // recorded first, then handed over together: one batch
            List<String> ids = List.of("d1", "d2", "d3");
            List<PendingEvent> events = ids.stream().map(this::sent).toList();
            for (int i = 0; i < ids.size(); i++) {
                relay.publishSoon(ids.get(i), events.get(i));
            }
            await(() -> sends.get() == 3);
            // the sends wait for the broker: nothing is cleared yet
            Thread.sleep(200);
            assertThat(pending()).containsExactlyInAnyOrder("d1", "d2", "d3");
            acknowledge.countDown();
            await(() -> relay.inFlight() == 0);
            assertThat(pending()).isEmpty();
            assertThat(meters.counter("sane.notification.outbox.batches").count()).isEqualTo(1);
            assertThat(meters.counter("sane.notification.outbox.published").count()).isEqualTo(3);
        } finally {
            relay.stop();
        }
    }

    @Test
    void anEventTheBrokerDidNotAcknowledgeStaysAndTheSweepPublishesItAgain() throws Exception {
        refused.add("d2");
        OutboxRelay relay = relay(Duration.ZERO, Duration.ZERO);
        try {
            for (String id : List.of("d1", "d2", "d3")) {
                relay.publishSoon(id, sent(id));
            }
            await(() -> relay.inFlight() == 0 && pending().size() == 1);
            assertThat(pending()).containsExactly("d2");
            assertThat(meters.counter("sane.notification.outbox.failures").count()).isEqualTo(1);

            refused.clear();
            relay.sweep();
            await(() -> pending().isEmpty());
            // the sweep's query has an index of its own, sparse: only deliveries with a pending event are in it
            assertThat(mongo.indexOps("deliveries").getIndexInfo()).filteredOn(i -> i.getName().equals("pending_since"))
                    .singleElement().satisfies(i -> {
                        assertThat(i.isSparse()).isTrue();
                        assertThat(i.getIndexFields()).extracting(f -> f.getKey()).containsExactly("pendingEvent.since");
                    });
        } finally {
            relay.stop();
        }
    }

    private OutboxRelay relay(Duration linger, Duration sweepGrace) {
        return new OutboxRelay(publisher, new OutboxEntries(mongo), clock, meters, linger, 200, sweepGrace, Duration.ofSeconds(20));
    }

    /** A delivery sent: SENT with its notification.delivered in the outbox. */
    private PendingEvent sent(String id) {
        Instant now = clock.instant();
        store.insert(new Delivery(id, "event-" + id, "proposal.submitted", now, "proposal-" + id, null,
                "applicant-receipt", RecipientRole.APPLICANT, null, id + "@example.org", List.of(), "subject",
                MailBody.of("text"), MailBody.of("<p>html</p>"), DeliveryStatus.SENDING, 1, now, null, now.plusSeconds(120), null, null, false,
                null));
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        NotificationEvents events = new NotificationEvents(new EnvelopeWriter("notification-service",
                new EventTracing(none.getBeanProvider(Tracer.class), none.getBeanProvider(Propagator.class))), clock);
        Delivery delivery = store.find(id).orElseThrow();
        PendingEvent event = events.delivered(delivery);
        assertThat(outcomes.markSent(id, now, event)).isTrue();
        return event;
    }

    private List<String> pending() {
        return mongo.find(Query.query(Criteria.where("pendingEvent").exists(true)), org.bson.Document.class,
                "deliveries").stream().map(d -> d.getString("_id")).sorted().toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(20);
        }
    }
}
