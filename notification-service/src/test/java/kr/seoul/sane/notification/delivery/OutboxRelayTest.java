package kr.seoul.sane.notification.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import kr.seoul.sane.tracing.EventTracing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.messaging.Message;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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
    private final StreamBridge bridge = mock(StreamBridge.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.systemUTC();

    @AfterAll
    static void stop() {
        CLIENT.close();
        MONGO.shutdownNow();
    }

    @Test
    void anEventIsClearedOnlyAfterItsAcknowledgementAndABatchInOneBulkWrite() throws Exception {
        CountDownLatch acknowledge = new CountDownLatch(1);
        AtomicInteger sends = new AtomicInteger();
        when(bridge.send(anyString(), any(Message.class))).thenAnswer(call -> {
            sends.incrementAndGet();
            return acknowledge.await(10, TimeUnit.SECONDS);
        });
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
        Set<String> refused = ConcurrentHashMap.newKeySet();
        refused.add("d2");
        when(bridge.send(anyString(), any(Message.class))).thenAnswer(call -> {
            String envelope = new String((byte[]) call.<Message<?>>getArgument(1).getPayload());
            return refused.stream().noneMatch(id -> envelope.contains("\"deliveryId\":\"" + id + "\""));
        });
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
        } finally {
            relay.stop();
        }
    }

    private OutboxRelay relay(Duration linger, Duration sweepGrace) {
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        EventTracing tracing = new EventTracing(none.getBeanProvider(Tracer.class),
                none.getBeanProvider(Propagator.class));
        return new OutboxRelay(bridge, store, tracing, clock, meters, linger, 200, sweepGrace);
    }

    /** A delivery sent: SENT with its notification.delivered in the outbox. */
    private PendingEvent sent(String id) {
        Instant now = clock.instant();
        store.insert(new Delivery(id, "event-" + id, "proposal.submitted", now, "proposal-" + id, null,
                "applicant-receipt", RecipientRole.APPLICANT, null, id + "@example.org", List.of(), "subject",
                "text", "<p>html</p>", DeliveryStatus.SENDING, 1, now, null, now.plusSeconds(120), null, null, false,
                null));
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        NotificationEvents events = new NotificationEvents(tools.jackson.databind.json.JsonMapper.builder().build(),
                clock, new EventTracing(none.getBeanProvider(Tracer.class), none.getBeanProvider(Propagator.class)));
        Delivery delivery = store.find(id).orElseThrow();
        PendingEvent event = events.delivered(delivery);
        assertThat(store.markSent(id, now, event)).isTrue();
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
