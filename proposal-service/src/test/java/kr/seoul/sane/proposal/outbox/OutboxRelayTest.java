package kr.seoul.sane.proposal.outbox;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay against a broker that acknowledges only when told to (Kafka's MockProducer) and an in-memory MongoDB
 * whose commands are counted: nothing is cleared before its acknowledgement, a failed send stays pending, and a
 * batch is cleared with one bulk write.
 */
class OutboxRelayTest {

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;
    private MockProducer<String, byte[]> producer;
    private OutboxRelay relay;
    private final MutableClock clock = new MutableClock();
    private final ConcurrentHashMap<String, AtomicInteger> commands = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.computeIfAbsent(event.getCommandName(), n -> new AtomicInteger()).incrementAndGet();
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()))
                .addCommandListener(counter)
                .build());
        mongo = new MongoTemplate(client, "outbox-test");
        // one producer for the whole test, as DefaultKafkaProducerFactory shares one: the template's close() after
        // each send must not close it
        producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void close(java.time.Duration timeout) {
            }
        };
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        EventTracing tracing = new EventTracing(none.getBeanProvider(Tracer.class),
                none.getBeanProvider(Propagator.class));
        relay = new OutboxRelay(kafka, mongo, new SimpleMeterRegistry(), tracing, new EnvelopeReader(), 500, 30_000,
                120_000, clock);
    }

    @AfterEach
    void stop() throws InterruptedException {
        relay.stop();
        client.close();
        server.shutdownNow();
    }

    /** Every event type this service publishes goes through the same acknowledge-then-clear path. */
    @ParameterizedTest
    @ValueSource(strings = {SubmittedEvents.TYPE, StatusChangedEvents.TYPE, ErasureEvents.REQUESTED,
            ErasureEvents.ERASED})
    void anEventStaysPendingUntilTheBrokerAcknowledgesIt(String type) throws Exception {
        PendingEvent event = event(type);
        String id = stored(event);

        CompletableFuture<Boolean> done = relay.publishAsync(id, event);
        await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 1);
        ProducerRecord<String, byte[]> sent = producer.history().getFirst();
        assertThat(sent.topic()).isEqualTo(type);
        assertThat(sent.key()).isEqualTo(id);
        // handed to the producer, not yet acknowledged: still pending, and the sweep leaves it alone
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(done).isNotDone();
        assertThat(pending(id)).containsExactly(event.eventId());
        assertThat(relay.isInFlight(event.eventId())).isTrue();

        assertThat(producer.completeNext()).isTrue();
        assertThat(done.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pending(id)).isEmpty();
        assertThat(relay.isInFlight(event.eventId())).isFalse();
    }

    @Test
    void anEventTheBrokerRefusedStaysPendingForTheSweep() throws Exception {
        PendingEvent event = event(SubmittedEvents.TYPE);
        String id = stored(event);

        CompletableFuture<Boolean> done = relay.publishAsync(id, event);
        await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 1);
        assertThat(producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"))).isTrue();
        assertThat(done.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(pending(id)).containsExactly(event.eventId());
        assertThat(relay.failureCount()).isEqualTo(1.0);
        assertThat(relay.isInFlight(event.eventId())).isFalse();

        // the sweep's retry goes through
        CompletableFuture<Boolean> retry = relay.publishAsync(id, event);
        await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 2);
        producer.completeNext();
        assertThat(retry.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pending(id)).isEmpty();
    }

    /**
     * Events queued while a batch waits for its acknowledgements form the next batch: N events of N proposals are
     * sent asynchronously and cleared with far fewer than N writes; only the acknowledged ones are cleared.
     */
    @Test
    void aBatchIsClearedWithOneBulkWriteAndOnlyItsAcknowledgedEvents() throws Exception {
        int n = 50;
        List<String> ids = new ArrayList<>();
        List<PendingEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PendingEvent e = event(i % 2 == 0 ? SubmittedEvents.TYPE : StatusChangedEvents.TYPE);
            events.add(e);
            ids.add(stored(e));
        }
        // the first event opens a batch that waits for the broker; the other 49 queue up behind it
        List<CompletableFuture<Boolean>> done = new ArrayList<>();
        done.add(relay.publishAsync(ids.getFirst(), events.getFirst()));
        await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 1);
        for (int i = 1; i < n; i++) {
            done.add(relay.publishAsync(ids.get(i), events.get(i)));
        }
        commands.clear();
        producer.completeNext();
        await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == n);
        // the second batch: all but the last acknowledged
        for (int i = 1; i < n - 1; i++) {
            assertThat(producer.completeNext()).isTrue();
        }
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
        for (int i = 0; i < n; i++) {
            assertThat(done.get(i).get(5, TimeUnit.SECONDS)).as("event %d cleared", i).isEqualTo(i < n - 1);
        }
        // two batches, two bulk writes ("update" commands), no per-record write
        assertThat(commands.getOrDefault("update", new AtomicInteger()).get()).isEqualTo(2);
        assertThat(commands.keySet()).containsOnly("update");
        for (int i = 0; i < n - 1; i++) {
            assertThat(pending(ids.get(i))).isEmpty();
        }
        assertThat(pending(ids.getLast())).containsExactly(events.getLast().eventId());
    }

    @Test
    void anEventAlreadyQueuedIsNotTakenTwice() {
        PendingEvent event = event(SubmittedEvents.TYPE);
        String id = stored(event);
        relay.publishAsync(id, event);
        assertThat(relay.publishAsync(id, event)).isCompletedWithValue(false);
    }

    /**
     * A sweep that read a document while the relay was sending its event, and checks the event only after the relay
     * cleared it and let go of it, leaves it alone: the event goes to the broker once.
     */
    @Test
    void aSweepHoldingADocumentReadBeforeTheClearDoesNotSendTheEventAgain() throws Exception {
        PendingEvent event = event(SubmittedEvents.TYPE);
        String id = stored(event);
        clock.advance(java.time.Duration.ofSeconds(10));
        MongoTemplate readThenClear = new MongoTemplate(client, "outbox-test") {
            @Override
            public <T> List<T> find(org.springframework.data.mongodb.core.query.Query query, Class<T> type) {
                List<T> read = super.find(query, type);
                // between the sweep's read and its check, the relay sends, the broker acknowledges, the event is cleared
                CompletableFuture<Boolean> done = relay.publishAsync(id, event);
                await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 1);
                producer.completeNext();
                try {
                    assertThat(done.get(5, TimeUnit.SECONDS)).isTrue();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return read;
            }
        };
        OutboxSweeper sweeper = new OutboxSweeper(readThenClear, relay, new SimpleMeterRegistry(), 2_000, 500, 5_000,
                clock);

        assertThat(sweeper.sweepOnce()).isZero();
        assertThat(relay.isInFlight(event.eventId())).isFalse();
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(producer.history()).hasSize(1);
        assertThat(pending(id)).isEmpty();
        // the relay itself refuses it too, however it is handed over again
        assertThat(relay.publishAsync(id, event)).isCompletedWithValue(false);
        assertThat(producer.history()).hasSize(1);
    }

    private PendingEvent event(String type) {
        String eventId = UUID.randomUUID().toString();
        return new PendingEvent(eventId, type, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\"}");
    }

    private String stored(PendingEvent event) {
        Proposal p = new Proposal();
        p.setId(new org.bson.types.ObjectId().toHexString());
        p.setTrackingCode("SN-" + p.getId());
        p.setPendingEvents(new ArrayList<>(List.of(event)));
        mongo.insert(p);
        return p.getId();
    }

    private List<String> pending(String id) {
        return mongo.findById(id, Proposal.class).getPendingEvents().stream().map(PendingEvent::eventId).toList();
    }
}
