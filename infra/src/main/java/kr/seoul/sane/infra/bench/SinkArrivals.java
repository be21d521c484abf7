package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Watches the local mail sink's arrival log ({@code GET /arrivals?from=N}, kr.seoul.sane.infra.mail.ArrivalLog):
 * every 100 ms the entries accepted since the last read, of which the department mails carrying the run's marker
 * complete their proposals. What the sink itself says arrived, at a cost to the sink that does not grow with its
 * mailboxes. A refused or broken read is retried from where it stopped, never the end of the run.
 */
final class SinkArrivals extends MailWatch {

    private static final long POLL_MILLIS = 100;

    private final URI base;
    private final Set<String> departments;
    private final Pattern marker;
    private final IntConsumer arrived;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long next;

    SinkArrivals(String host, int port, Set<String> departments, String runId, IntConsumer arrived,
                 Consumer<String> log) {
        this.base = URI.create("http://" + host + ":" + port + "/arrivals");
        this.departments = departments;
        this.marker = DepartmentInboxes.marker(runId);
        this.arrived = arrived;
        this.log = log;
    }

    /** Whether the sink serves an arrival log (the local sink does; an external one may not). */
    static boolean available(String host, int port) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/arrivals?from="
                            + Long.MAX_VALUE / 2)).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 && response.headers().firstValue("X-Next-Arrival").isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    synchronized void start() throws IOException, InterruptedException {
        next = latest(); // what arrived before the run is not ours
        Thread.ofPlatform().daemon().name("sink-arrivals").start(this::watch);
        log.accept("watching the mail sink's arrival log at " + base + " (" + departments.size()
                + " department addresses, every " + POLL_MILLIS + " ms)");
    }

    private long latest() throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(request(Long.MAX_VALUE / 2), HttpResponse.BodyHandlers.discarding());
        return Long.parseLong(response.headers().firstValue("X-Next-Arrival").orElseThrow());
    }

    private void watch() {
        boolean broken = false;
        while (!closed.get()) {
            try {
                boolean more = readOnce();
                if (broken) {
                    log.accept("arrival log reachable again; reading on from " + next);
                    broken = false;
                }
                if (!more) {
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!broken) {
                    reconnects.incrementAndGet();
                    log.accept("arrival log " + base + ": " + e + "; retrying");
                    broken = true;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Reads what arrived since the last read; true when the answer was cut short (more to read at once). */
    synchronized boolean readOnce() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(next),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        long following = Long.parseLong(response.headers().firstValue("X-Next-Arrival").orElseThrow());
        int lines = 0;
        for (String line : response.body().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            lines++;
            String[] fields = line.split("\t", 4);
            if (fields.length == 4 && departments.contains(fields[2])) {
                int index = DepartmentInboxes.index(marker, fields[3]);
                if (index >= 0) {
                    arrived.accept(index);
                }
            }
        }
        next = following;
        return lines > 0 && following > 0 && lines >= 20_000;
    }

    private HttpRequest request(long from) {
        return HttpRequest.newBuilder(URI.create(base + "?from=" + from)).timeout(Duration.ofSeconds(5)).build();
    }

}
