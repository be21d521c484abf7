package kr.seoul.sane.infra.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The load of the warm-up and the measured phase alike: proposals [from, to) submitted through the gateway, open
 * loop (at most {@code --concurrency} in flight) or at a rate, and then awaited until each completed or nothing
 * completed for {@code --stall-seconds}.
 */
final class ProposalLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ProposalFactory factory;
    private final Timeline timeline;
    private final Progress progress;
    private final ProposalIds ids;
    private final PrintStream err;

    ProposalLoad(BenchOptions options, ProposalFactory factory, Timeline timeline, PrintStream err) {
        this.options = options;
        this.factory = factory;
        this.timeline = timeline;
        this.progress = timeline.progress();
        this.ids = new ProposalIds(progress);
        this.err = err;
    }

    /** The ids the submits returned, for the triage events. */
    ProposalIds ids() {
        return ids;
    }

    /** Submits proposals [from, to) open loop (at most --concurrency in flight) or at {@code rate} per second. */
    void submit(int from, int to, double rate) throws InterruptedException {
        URI uri = URI.create(options.gateway() + "/api/proposals");
        Semaphore inFlight = new Semaphore(options.concurrency());
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (rate > 0) {
                long wait = start + (long) ((i - from) * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            inFlight.acquire();
            int index = i;
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    send(uri, index, firstFailure);
                } catch (Exception e) {
                    progress.failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        if (firstFailure.get() != null) {
            err.println("bench: " + timeline.phase() + ": first failed submit: " + firstFailure.get());
            if (firstFailure.get().startsWith("429")) {
                err.println("bench: the platform rate-limits submissions; run it with PLATFORM_RATE_LIMIT_PER_MINUTE=0");
            }
        }
    }

    private void send(URI uri, int index, AtomicReference<String> firstFailure) throws Exception {
        String body = factory.json(index);
        long t0 = System.nanoTime();
        progress.submittedAt.set(index, t0);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long t1 = System.nanoTime();
        if (response.statusCode() == 201) {
            progress.submitMs.set(index, (t1 - t0) / 1_000_000);
            progress.accepted.incrementAndGet();
            String id = JSON.readTree(response.body()).path("id").asText("");
            if (!id.isEmpty()) {
                ids.accepted(id, index);
            }
        } else {
            progress.failed.incrementAndGet();
            firstFailure.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
        }
    }

    /**
     * Waits until every submitted proposal of [from, to) completed, or nothing completed for --stall-seconds;
     * returns the time of the last completion seen (or now when none).
     */
    long awaitCompletion(int from, int to) throws InterruptedException {
        int wanted = progress.acceptedBetween(from, to);
        int last = -1;
        long lastNews = System.nanoTime();
        while (true) {
            int done = progress.completedBetween(from, to);
            if (done >= wanted) {
                return System.nanoTime();
            }
            if (done != last) {
                last = done;
                lastNews = System.nanoTime();
            } else if (System.nanoTime() - lastNews > options.stallTimeout().toNanos()) {
                err.printf("bench: %s: nothing completed for %d s; %d of %d submitted proposals completed%n",
                        timeline.phase(), options.stallTimeout().toSeconds(), done, wanted);
                long lastCompletion = progress.lastCompletion(from, to);
                return lastCompletion > 0 ? lastCompletion : lastNews;
            }
            Thread.sleep(100);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
