package kr.seoul.sane.opssecurity;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.UnreadableEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps {@link ManagedAccounts} up to date from the topic {@code ops.account-changed}: one thread per process that
 * reads every partition from the beginning, without a consumer group (every replica of every service sees every
 * change) and without committing offsets (the topic is replayed at each start; it keeps its records forever and
 * holds one record per account change). A topic that does not exist yet means no console account: the copy is
 * ready at once and the topic is looked for again every few seconds.
 */
final class AccountFeed implements SmartLifecycle {

    static final String EVENT_TYPE = "ops.account-changed";
    private static final Logger log = LoggerFactory.getLogger(AccountFeed.class);
    /**
     * How long one poll waits, and how long the broker holds an empty fetch (a new record answers it at once): an idle
     * feed sends one fetch request per 10 s instead of two per second.
     */
    private static final Duration POLL = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(3);

    private final ManagedAccounts accounts;
    private final EnvelopeReader reader;
    private final String brokers;
    private final String topic;
    private final String clientId;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    AccountFeed(ManagedAccounts accounts, EnvelopeReader reader, String brokers, String topic, String clientId) {
        this.accounts = accounts;
        this.reader = reader;
        this.brokers = brokers == null ? "" : brokers.strip();
        this.topic = topic;
        this.clientId = clientId;
    }

    @Override
    public void start() {
        running = true;
        if (brokers.isEmpty()) {
            // never ready: a session of a console account, which this process cannot see disabled, is refused
            log.info("no Kafka brokers configured: only the configured ops accounts can log in");
            return;
        }
        thread = Thread.ofPlatform().daemon().name("ops-account-feed").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                log.warn("ops account feed interrupted ({}), retrying in {} s", e.toString(), RETRY.toSeconds());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, String> c) {
        List<TopicPartition> partitions = partitions(c);
        while (running && partitions.isEmpty()) {
            accounts.markReady();
            pause();
            partitions = partitions(c);
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        // an empty topic is read at once, not after the first (long) poll
        markReadyAtEnd(c, end);
        while (running) {
            for (ConsumerRecord<String, String> record : c.poll(POLL)) {
                read(reader, record.value()).ifPresent(account -> {
                    if (accounts.apply(account)) {
                        log.info("ops account {} version {}: {}", account.username(), account.version(),
                                account.enabled() ? "enabled" : "disabled");
                    }
                });
            }
            markReadyAtEnd(c, end);
        }
    }

    /** Ready once every partition was read up to the end offsets seen at the start. */
    private void markReadyAtEnd(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end) {
        if (!accounts.ready() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
            accounts.markReady();
            log.info("ops accounts loaded: {} console account(s)", accounts.all().size());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        return infos == null ? List.of()
                : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
        return props;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * The account of one {@code ops.account-changed} record, read with the service's envelope reader (platform-events;
     * the envelope's {@code proposalId} is the user name); empty (and logged) for anything else.
     */
    static Optional<ManagedAccount> read(EnvelopeReader reader, String json) {
        try {
            Envelope<JsonNode> event = reader.read(json == null ? "" : json, EVENT_TYPE);
            JsonNode p = event.payload();
            String hash = p.path("passwordHash").asString("");
            String role = p.path("role").asString("");
            String user = p.path("username").asString("");
            long version = p.path("version").asLong(0);
            if (user.isEmpty() || version < 1 || !hash.startsWith("{bcrypt}") || !OpsAccounts.ROLES.contains(role)
                    || !p.path("enabled").isBoolean()) {
                log.warn("ignored an unreadable {} record", EVENT_TYPE);
                return Optional.empty();
            }
            JsonNode from = p.path("sessionsValidFrom");
            return Optional.of(new ManagedAccount(user, p.path("displayName").asString(user), role, hash,
                    p.path("enabled").asBoolean(), version,
                    from.isString() ? Instant.parse(from.asString()) : null));
        } catch (UnreadableEventException | DateTimeParseException e) {
            log.warn("ignored an unreadable {} record: {}", EVENT_TYPE, e.getMessage());
            return Optional.empty();
        }
    }
}
