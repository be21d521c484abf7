package kr.seoul.sane.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * READY: every instance answers {@code /actuator/health} with 200 (polled every 500 ms), Kafka and the store accept
 * connections, and (embedded only) the mail sink's SMTP and REST ports are open (and Prometheus's port when it
 * runs). Until then a "still waiting for …" line every 30 s names what is missing; at READY a line says when each
 * instance became healthy.
 */
final class Readiness {

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private final Run run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Readiness(Run run) {
        this.run = run;
    }

    /** Waits until everything is healthy (true), or gives up after 10 minutes or when the platform stops (false). */
    boolean await(Map<String, Instance> instances) throws InterruptedException {
        Map<String, Double> healthyAt = new LinkedHashMap<>();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        while (!run.children().stopping()) {
            List<String> waiting = waitingFor(instances);
            for (String name : instances.keySet()) {
                if (!waiting.contains(name) && !healthyAt.containsKey(name)) {
                    healthyAt.put(name, run.stopwatch().seconds());
                }
            }
            if (waiting.isEmpty()) {
                StringBuilder times = new StringBuilder();
                healthyAt.forEach((name, at) -> times.append(times.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.1f s", name, at)));
                run.say("healthy after: " + times);
                return true;
            }
            if (System.nanoTime() > nextReport) {
                run.say(String.format(Locale.ROOT, "still waiting for %s after %.0f s (healthy: %s; logs in %s)",
                        waiting, run.stopwatch().seconds(), healthyAt.isEmpty() ? "none" : healthyAt.keySet(),
                        run.installation().logs()));
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            if (System.nanoTime() > deadline) {
                run.say("gave up waiting for " + waiting);
                return false;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** The instances and embedded parts that are not healthy yet. */
    private List<String> waitingFor(Map<String, Instance> instances) {
        List<String> waiting = new ArrayList<>();
        for (Instance instance : instances.values()) {
            if (!healthy(instance.port())) {
                waiting.add(instance.name());
            }
        }
        Children children = run.children();
        if (children.runs("kafka") && !Topology.portOpen(Topology.KAFKA_PORT)) {
            waiting.add("kafka");
        }
        if (children.runs("mongo-store") && !Topology.portOpen(Topology.MONGO_PORT)) {
            waiting.add("mongo-store");
        }
        if (run.infrastructure().embeddedMail()
                && !(Topology.portOpen(Topology.SMTP_PORT) && Topology.portOpen(Topology.MAIL_API_PORT))) {
            waiting.add("mail-sink");
        }
        if (children.runs("prometheus") && !Topology.portOpen(Prometheus.PORT)) {
            waiting.add("prometheus");
        }
        return waiting;
    }

    private boolean healthy(int port) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://" + Topology.HOST + ":" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
