package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * The raw rate of each component a proposal uses, measured now on this machine (with the platform running) with the
 * client pattern the platform uses today, from as many concurrent clients as the platform has: one HTTP request per
 * round trip (32 threads); one MongoDB command per round trip (an insert, a find by id and an update by id in turn;
 * 16 threads); one Kafka record per synchronous send with {@code acks=all} (32 threads); consumed records each
 * fetched and committed on their own ({@code max.poll.records=1}, a synchronous commit per record; 6 consumers of
 * one group on 6 partitions); one SMTP connection per mail (8 threads, as notification-service's senders). The
 * benchmark divides the uses per proposal by these rates.
 */
final class MachineLimit {

    /** Partitions of the scratch topic, as the platform's topics have. */
    private static final int PARTITIONS = 6;

    private final Duration window;
    private final int concurrency;
    private final Consumer<String> log;
    final Map<String, Double> rawRates = new LinkedHashMap<>();

    MachineLimit(Duration window, int concurrency, Consumer<String> log) {
        this.window = window;
        this.concurrency = concurrency;
        this.log = log;
    }

    /** Raw operations per second by component (the keys of {@link PlatformMetrics#COMPONENTS}). */
    Map<String, Double> measure(String kafkaBootstrap, String mongoUri, String smtpHost, int smtpPort) {
        record("http", this::httpRate);
        record("mongo", () -> mongoRate(mongoUri));
        String topic = "bench.limit." + UUID.randomUUID().toString().substring(0, 8);
        record("kafkaProduced", () -> kafkaProduceRate(kafkaBootstrap, topic));
        record("kafkaConsumed", () -> kafkaConsumeRate(kafkaBootstrap, topic));
        deleteTopic(kafkaBootstrap, topic);
        record("smtp", () -> smtpRate(smtpHost, smtpPort));
        return rawRates;
    }

    @FunctionalInterface
    private interface Rate {
        double measure() throws Exception;
    }

    private void record(String name, Rate rate) {
        try {
            double raw = rate.measure();
            rawRates.put(name, raw);
            log.accept(String.format(Locale.ROOT, "limit: %-13s %10.0f ops/s raw", name, raw));
        } catch (Exception e) {
            rawRates.put(name, 0.0);
            log.accept("limit: " + name + " could not be measured (" + e + "); left out of the limit");
        }
    }

    /** Bare HTTP POST round trips against an in-process server that only answers 201. */
    double httpRate() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] reply = "{\"id\":\"x\",\"trackingCode\":\"SN-0000\",\"status\":\"SUBMITTED\"}"
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/proposals");
            String body = new ProposalFactory("limit").json(1);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return closedLoop(() -> {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 201) {
                    throw new IOException("status " + response.statusCode());
                }
            });
        } finally {
            server.stop(0);
        }
    }

    /** 1 KB records, each sent synchronously ({@code send().get()}, {@code acks=all}) from 32 threads. */
    double kafkaProduceRate(String bootstrap, String topic) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, PARTITIONS, (short) 1)))
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            AtomicLong next = new AtomicLong();
            return closedLoop(32, () -> producer.send(new ProducerRecord<>(topic, "p-" + next.incrementAndGet() % 1000,
                    value)).get());
        }
    }

    /** The records sent above, each fetched and committed on its own, by one consumer per partition of a group. */
    double kafkaConsumeRate(String bootstrap, String topic) throws Exception {
        AtomicLong consumed = new AtomicLong();
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(PARTITIONS);
        java.util.concurrent.atomic.AtomicLong start = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < PARTITIONS; c++) {
            consumers.add(Thread.ofPlatform().daemon().start(() -> {
                Properties props = new Properties();
                props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
                props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
                props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
                props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
                    consumer.subscribe(List.of(topic));
                    long joinDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    boolean counted = false;
                    long end = Long.MAX_VALUE;
                    while (System.nanoTime() < Math.min(end, joinDeadline + window.toNanos())) {
                        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                        if (!counted && !consumer.assignment().isEmpty()) {
                            counted = true;
                            assigned.countDown();
                            assigned.await(30, java.util.concurrent.TimeUnit.SECONDS);
                            start.compareAndSet(0, System.nanoTime());
                            end = start.get() + window.toNanos();
                        }
                        if (!batch.isEmpty()) {
                            consumer.commitSync();
                            if (counted) {
                                consumed.addAndGet(batch.count());
                            }
                        }
                    }
                } catch (Exception e) {
                    // counted as not consumed
                }
            }));
        }
        for (Thread consumer : consumers) {
            consumer.join();
        }
        return start.get() == 0 ? 0 : consumed.get() / ((System.nanoTime() - start.get()) / 1e9);
    }

    private static void deleteTopic(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(List.of(topic)).all().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // a scratch topic left behind is harmless
        }
    }

    /** One MongoDB command per round trip: insert, find by id, update by id in turn, from 16 threads. */
    double mongoRate(String uri) throws Exception {
        try (MongoClient client = MongoClients.create(uri)) {
            String database = "sane-bench-limit";
            MongoCollection<Document> collection = client.getDatabase(database).getCollection("commands");
            String filler = "서울사네".repeat(60);
            AtomicLong next = new AtomicLong();
            try {
                return closedLoop(16, () -> {
                    long n = next.incrementAndGet();
                    long id = n / 3;
                    switch ((int) (n % 3)) {
                        case 0 -> collection.insertOne(new Document("_id", id).append("title", "limit")
                                .append("content", filler));
                        case 1 -> collection.find(new Document("_id", id - 1)).first();
                        default -> collection.updateOne(new Document("_id", id - 1),
                                new Document("$set", new Document("status", "ROUTED")));
                    }
                });
            } finally {
                client.getDatabase(database).drop();
            }
        }
    }

    /** Mails accepted by the SMTP server, a new connection for each (as JavaMailSender sends), from 8 threads. */
    double smtpRate(String host, int port) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        Session session = Session.getInstance(props);
        InternetAddress to = new InternetAddress("bench-limit@bench.example");
        return closedLoop(8, () -> {
            MimeMessage message = new MimeMessage(session);
            message.setFrom("limit@bench.example");
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject("한계 측정", "UTF-8");
            message.setText("서울사네 한계 측정 메일", "UTF-8");
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                transport.sendMessage(message, message.getAllRecipients());
            }
        });
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    private double closedLoop(Operation operation) throws InterruptedException {
        return closedLoop(concurrency, operation);
    }

    /** Runs the operation from {@code workers} platform threads for the window; returns successes per second. */
    private double closedLoop(int workers, Operation operation) throws InterruptedException {
        for (int i = 0; i < 20; i++) { // warm-up
            try {
                operation.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + window.toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        operation.run();
                        done.incrementAndGet();
                    } catch (Exception e) {
                        // counted as not done
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
