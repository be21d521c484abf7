package kr.seoul.sane.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where each part of the local platform listens (the fixed ports of architecture.md), and which modules run. */
final class Topology {

    static final String HOST = "127.0.0.1";
    static final int GATEWAY_PORT = 8080;
    /** The gateway's actuator (health, Prometheus), on 127.0.0.1 only: the public origin 8080 does not serve it. */
    static final int GATEWAY_MANAGEMENT_PORT = 8090;
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int MONGO_PORT = 27017;
    static final int SMTP_PORT = 2525;
    static final int MAIL_API_PORT = 8025;
    /** The mail sink's arrival log ({@code GET /arrivals?from=N}): what it accepted, for the benchmark. */
    static final int MAIL_ARRIVALS_PORT = 8026;
    /** IMAP of the mail sink, for the benchmark's incremental reading of department inboxes. */
    static final int MAIL_IMAP_PORT = Integer.getInteger("platform.mail.imap.port", 3143);
    static final List<String> SERVICES = List.of("proposal-service", "routing-service", "notification-service",
            "catalog-service");
    /** The services, then the gateway: every module that runs from an exec jar. */
    static final List<String> MODULES = Stream.concat(SERVICES.stream(), Stream.of("gateway")).toList();
    static final Map<String, Integer> SERVICE_PORTS = Map.of("proposal-service", 8081, "routing-service", 8082,
            "notification-service", 8083, "catalog-service", 8084, "gateway", GATEWAY_PORT);
    /**
     * The services that {@code --replicas N} runs N times: Kafka consumers that share their group's partitions
     * (catalog-service: each instance reads the curation topics in its own group, named after its process).
     */
    static final List<String> SCALABLE = List.of("proposal-service", "routing-service", "notification-service",
            "catalog-service");
    /**
     * The services whose HTTP requests the gateway spreads over all their instances (round robin, health-checked);
     * the gateway calls routing- and notification-service at their first instance.
     */
    static final List<String> LOAD_BALANCED = List.of("proposal-service", "catalog-service");
    /** At most this many instances of a scalable service (the topics have 6 partitions). */
    static final int MAX_REPLICAS = 4;

    private Topology() {
    }

    /** Something accepts connections on the port. */
    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port is taken: something listens on it, or it cannot be bound. */
    static boolean inUse(int port) {
        if (portOpen(port)) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
