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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
 * What this machine can do at best for one proposal: the raw rate of each component a proposal passes through,
 * measured now on the same machine (with the platform running, as the benchmark itself runs), divided by how many
 * times one proposal uses that component. The limit is the smallest of these.
 */
final class MachineLimit {

    /** Uses per proposal: HTTP client->gateway->service; Kafka submitted, routed, suggested, delivered. */
    static final double HTTP_PER_PROPOSAL = 2;
    static final double KAFKA_PER_PROPOSAL = 4;
    static final double MONGO_PER_PROPOSAL = 6;
    static final double SMTP_PER_PROPOSAL = 3;

    private final Duration window;
    private final int concurrency;
    private final Consumer<String> log;
    final Map<String, Double> rawRates = new LinkedHashMap<>();
    final Map<String, Double> perProposal = new LinkedHashMap<>();

    MachineLimit(Duration window, int concurrency, Consumer<String> log) {
        this.window = window;
        this.concurrency = concurrency;
        this.log = log;
    }

    double measure(String kafkaBootstrap, String mongoUri, String smtpHost, int smtpPort) {
        record("http", HTTP_PER_PROPOSAL, this::httpRate);
        record("kafka", KAFKA_PER_PROPOSAL, () -> kafkaRate(kafkaBootstrap));
        record("mongo", MONGO_PER_PROPOSAL, () -> mongoRate(mongoUri));
        record("smtp", SMTP_PER_PROPOSAL, () -> smtpRate(smtpHost, smtpPort));
        return perProposal.values().stream().mapToDouble(Double::doubleValue).filter(v -> v > 0).min().orElse(0);
    }

    @FunctionalInterface
    private interface Rate {
        double measure() throws Exception;
    }

    private void record(String name, double uses, Rate rate) {
        try {
            double raw = rate.measure();
            rawRates.put(name, raw);
            perProposal.put(name, raw / uses);
            log.accept(String.format("limit: %-5s %10.0f ops/s raw, %5.1f per proposal -> %8.0f proposals/s", name,
                    raw, uses, raw / uses));
        } catch (Exception e) {
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

    /** 1 KB records produced with acks=all to a scratch topic, then consumed back: records per second end to end. */
    double kafkaRate(String bootstrap) throws Exception {
        String topic = "bench.limit." + UUID.randomUUID().toString().substring(0, 8);
        int records = 20_000;
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "warm", value)).get();
            start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "p-" + (i % 1000), value));
            }
            producer.flush();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long consumed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumed < records + 1 && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                consumed += batch.count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return Math.min(consumed, records) / seconds;
    }

    /** Single-document inserts of about 1 KB into a scratch database of the store. */
    double mongoRate(String uri) throws Exception {
        try (MongoClient client = MongoClients.create(uri)) {
            String database = "sane-bench-limit";
            MongoCollection<Document> collection = client.getDatabase(database).getCollection("inserts");
            String filler = "서울사네".repeat(60);
            AtomicLong next = new AtomicLong();
            try {
                return closedLoop(() -> collection.insertOne(new Document("_id", next.incrementAndGet())
                        .append("title", "limit").append("content", filler)));
            } finally {
                client.getDatabase(database).drop();
            }
        }
    }

    /** Mails accepted by the SMTP server, each sender on its own connection. */
    double smtpRate(String host, int port) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        Session session = Session.getInstance(props);
        InternetAddress to = new InternetAddress("bench-limit@bench.example");
        List<Transport> transports = new ArrayList<>();
        ThreadLocal<Transport> transport = ThreadLocal.withInitial(() -> {
            try {
                Transport t = session.getTransport("smtp");
                t.connect();
                synchronized (transports) {
                    transports.add(t);
                }
                return t;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return closedLoop(Math.max(2, concurrency / 4), () -> {
                MimeMessage message = new MimeMessage(session);
                message.setFrom("limit@bench.example");
                message.setRecipient(Message.RecipientType.TO, to);
                message.setSubject("한계 측정", "UTF-8");
                message.setText("서울사네 한계 측정 메일", "UTF-8");
                message.saveChanges();
                transport.get().sendMessage(message, message.getAllRecipients());
            });
        } finally {
            for (Transport t : transports) {
                try {
                    t.close();
                } catch (Exception e) {
                    // ignore
                }
            }
        }
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
        for (int i = 0; i < 50; i++) { // warm-up
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
