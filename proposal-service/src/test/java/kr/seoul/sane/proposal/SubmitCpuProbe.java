package kr.seoul.sane.proposal;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a check (runs only with {@code -Dsane.cpuProbe=true}): CPU per {@code POST /api/proposals}
 * over a loop of submissions after a warm-up, printed. "server threads" is the CPU of the threads that carry the
 * request handling (virtual-thread carriers and Tomcat threads); "process" includes the test's HTTP client, the
 * embedded broker and the in-memory MongoDB.
 */
@EnabledIfSystemProperty(named = "sane.cpuProbe", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.rate-limit-per-minute=0",
        "platform.ops.metrics-interval-ms=600000",
        "platform.attachments.janitor-interval-ms=600000"})
@DirtiesContext
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.triaged",
        "catalog.suggested", "proposal.status-changed", "notification.delivered", "notification.failed"})
class SubmitCpuProbe {

    private static final int WARM_UP = Integer.getInteger("sane.cpuProbe.warmUp", 500);
    private static final int N = Integer.getInteger("sane.cpuProbe.n", 2000);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort());
        registry.add("spring.cloud.stream.kafka.binder.brokers",
                () -> System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS));
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void cpuPerSubmit() throws Exception {
        submit(0, WARM_UP);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long process = os.getProcessCpuTime();
        long server = serverThreadsCpu();
        long wall = System.nanoTime();
        submit(WARM_UP, N);
        process = os.getProcessCpuTime() - process;
        server = serverThreadsCpu() - server;
        wall = System.nanoTime() - wall;
        System.out.printf("%nCPU per submit over %d submits: server threads %.2f ms, process %.2f ms, wall %.2f ms%n",
                N, server / 1e6 / N, process / 1e6 / N, wall / 1e6 / N);
    }

    private void submit(int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProposalServiceIntegrationTest.validJson(
                            "probe-" + i + "@example.org", "처리 비용을 재는 제안 " + i)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
        }
    }

    /** CPU of the virtual-thread carriers and Tomcat's threads. */
    private static long serverThreadsCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("ForkJoinPool-1-worker")
                    || info.getThreadName().startsWith("http-nio") || info.getThreadName().startsWith("tomcat"))) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                sum += Math.max(t, 0);
            }
        }
        return sum;
    }
}
