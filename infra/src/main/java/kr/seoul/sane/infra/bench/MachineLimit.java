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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
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

    private final ClosedLoop loop;
    private final int concurrency;
    private final Consumer<String> log;
    final Map<String, Double> rawRates = new LinkedHashMap<>();

    MachineLimit(Duration window, int concurrency, Consumer<String> log) {
        this.loop = new ClosedLoop(window);
        this.concurrency = concurrency;
        this.log = log;
    }

    /** Raw operations per second by component (the keys of {@link PlatformMetrics#COMPONENTS}). */
    Map<String, Double> measure(String kafkaBootstrap, String mongoUri, String smtpHost, int smtpPort) {
        record("http", this::httpRate);
        record("mongo", () -> mongoRate(mongoUri));
        KafkaRates kafka = new KafkaRates(kafkaBootstrap,
                "bench.limit." + UUID.randomUUID().toString().substring(0, 8), loop);
        record("kafkaProduced", kafka::produce);
        record("kafkaConsumed", kafka::consume);
        kafka.deleteTopic();
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
            return loop.rate(concurrency, () -> {
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


    /** One MongoDB command per round trip: insert, find by id, update by id in turn, from 16 threads. */
    double mongoRate(String uri) throws Exception {
        try (MongoClient client = MongoClients.create(uri)) {
            String database = "sane-bench-limit";
            MongoCollection<Document> collection = client.getDatabase(database).getCollection("commands");
            String filler = "서울사네".repeat(60);
            AtomicLong next = new AtomicLong();
            try {
                return loop.rate(16, () -> {
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
        return loop.rate(8, () -> {
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
}
