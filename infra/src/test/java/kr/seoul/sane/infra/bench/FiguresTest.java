package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> KEYS = List.of("proposals", "completed", "seconds", "throughput", "p50SubmitMs",
            "p99SubmitMs", "p95EndToEndMs", "cpuMsPerProposal", "idleCpuCores", "usesPerProposal",
            "limitThroughput", "ratio");

    @Test
    void computesTheFiguresOfARun() {
        ObjectNode r = Figures.compute(new Figures.Observed(100, 80, 4.0, new long[] {5, 1, 9, 3},
                new long[] {100, 300, 200}, Map.of("gateway", new PlatformCpu.Usage(800, 40, 20),
                "routing-service", new PlatformCpu.Usage(1600, 400, 120)), 1500, 30,
                Map.of("http", 160.0, "mongo", 800.0, "kafkaProduced", 320.0, "kafkaConsumed", 400.0, "smtp", 80.0),
                Map.of("http", 1000.0, "mongo", 2000.0, "kafkaProduced", 800.0, "kafkaConsumed", 1000.0,
                        "smtp", 100.0)), JSON);

        assertThat(r.path("throughput").asDouble()).isEqualTo(20.0);
        assertThat(r.path("cpuMsPerProposal").asDouble()).isEqualTo(30.0);
        assertThat(r.path("cpuMsPerProposalByProcess").path("routing-service").asDouble()).isEqualTo(20.0);
        assertThat(r.path("jitMsByProcess").path("routing-service").asDouble()).isEqualTo(400.0);
        assertThat(r.path("gcMsByProcess").path("routing-service").asDouble()).isEqualTo(120.0);
        assertThat(r.path("idleCpuCores").asDouble()).isEqualTo(0.05);
        assertThat(r.path("p50SubmitMs").asLong()).isEqualTo(3);
        assertThat(r.path("p99SubmitMs").asLong()).isEqualTo(9);
        assertThat(r.path("p95EndToEndMs").asLong()).isEqualTo(300);
        assertThat(r.path("usesPerProposal").path("mongo").asDouble()).isEqualTo(10.0);
        // seconds per proposal: 2/1000 + 10/2000 + 4/800 + 5/1000 + 1/100 = 0.027
        assertThat(r.path("limitThroughput").asDouble()).isEqualTo(37.04);
        assertThat(r.path("ratio").asDouble()).isEqualTo(0.54);
        assertThat(r.path("rawRates").path("smtp").asDouble()).isEqualTo(100.0);
        assertEveryFigureFinite(r);
    }

    @Test
    void aRunWithNothingToMeasureStillHasEveryKeyAndOnlyFiniteNumbers() {
        ObjectNode r = Figures.compute(new Figures.Observed(10, 0, 0, new long[0], new long[0], Map.of(), 0, 0,
                Map.of(), Map.of()), JSON);
        assertThat(r.fieldNames()).toIterable().containsAll(KEYS);
        assertThat(r.path("usesPerProposal").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("http", "mongo", "kafkaProduced", "kafkaConsumed", "smtp");
        assertThat(r.path("throughput").asDouble()).isZero();
        assertThat(r.path("limitThroughput").asDouble()).isZero();
        assertEveryFigureFinite(r);
    }

    @Test
    void theLimitLeavesOutComponentsWithoutARate() {
        assertThat(Figures.limitThroughput(Map.of("http", 2.0, "smtp", 3.0), Map.of("http", 1000.0)))
                .isEqualTo(500.0);
        assertThat(Figures.limitThroughput(Map.of("http", 0.0), Map.of("http", 1000.0))).isZero();
    }

    static void assertEveryFigureFinite(JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                assertEveryFigureFinite(field.getValue());
            } else {
                assertThat(field.getValue().isNumber()).as(field.getKey()).isTrue();
                assertThat(Double.isFinite(field.getValue().asDouble())).as(field.getKey()).isTrue();
            }
        }
    }
}
