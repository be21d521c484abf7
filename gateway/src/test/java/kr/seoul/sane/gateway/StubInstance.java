package kr.seoul.sane.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** One instance of a backend: a JDK HttpServer on a random port that records the requests it answered. */
final class StubInstance {

    record Hit(String instance, String method, String path, String body) {
    }

    private final String name;
    private final HttpServer server;
    private final List<Hit> hits;

    private StubInstance(String name, List<Hit> hits) {
        this.name = name;
        this.hits = hits;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith("/actuator/")) {
                hits.add(new Hit(name, exchange.getRequestMethod(), path, body));
            }
            byte[] answer = name.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Stub-Instance", name);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Starts an instance that adds what it answered to {@code hits} (shared by the instances of one test). */
    static StubInstance start(String name, List<Hit> hits) {
        return new StubInstance(name, hits);
    }

    static List<Hit> newHits() {
        return new CopyOnWriteArrayList<>();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String name() {
        return name;
    }

    List<Hit> hits() {
        return hits.stream().filter(hit -> hit.instance().equals(name)).toList();
    }

    void stop() {
        server.stop(0);
    }

    /**
     * The URL of a port that nothing listens on, so that connections to it are refused: port 1 (a free ephemeral
     * port could be taken by the gateway under test itself).
     */
    static String refusedUrl() {
        return "http://127.0.0.1:1";
    }
}
