package kr.seoul.sane.routing.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteEvaluationCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RECYCLING = "{\"id\":\"A\",\"organizationType\":\"NONPROFIT\",\"organization\":\"푸른지구\","
            + "\"title\":\"폐플라스틱 병뚜껑 새활용 캠페인\","
            + "\"content\":\"병뚜껑을 모아 새활용 공방에서 생활용품으로 만드는 시민 참여 재활용 캠페인을 함께 추진하고 싶습니다.\","
            + "\"field\":\"ENVIRONMENT_PARKS\",\"expected\":\"RESOURCE_CIRCULATION\"}";
    private static final String GIBBERISH = "{\"id\":\"B\",\"organizationType\":\"INDIVIDUAL\",\"organization\":\"asdf\","
            + "\"title\":\"asdf\",\"content\":\"asdfasdf qwer\",\"field\":null,\"expected\":\"TRIAGE\"}";

    @TempDir
    Path dir;

    private JsonNode lastLine(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = RouteEvaluationCommand.run(file, false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        return JSON.readTree(lines.getLast());
    }

    @Test
    void printsTheMetricsAsTheLastLine() throws Exception {
        Path file = dir.resolve("three.jsonl");
        Files.writeString(file, String.join("\n",
                RECYCLING, GIBBERISH,
                "{\"id\":\"C\",\"organizationType\":\"COMPANY\",\"organization\":\"x\",\"title\":\"어르신 안부 확인 돌봄\","
                        + "\"content\":\"독거어르신 댁을 매주 찾아가 안부를 확인하고 말벗이 되어 드리는 돌봄 봉사를 경로당과 함께 하고 싶습니다.\","
                        + "\"field\":\"WELFARE\",\"expected\":\"ELDERLY\"}",
                ""), StandardCharsets.UTF_8);
        JsonNode m = lastLine(file);
        assertThat(m.path("items").asInt()).isEqualTo(3);
        assertThat(m.path("top1").asDouble()).isEqualTo(1.0);
        assertThat(m.path("top3").asDouble()).isEqualTo(1.0);
        assertThat(m.path("triageRecall").asDouble()).isEqualTo(1.0);
        assertThat(m.path("autoPrecision").asDouble()).isBetween(0.0, 1.0);
        assertThat(m.path("coverage").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void decisionsWritesOneLinePerItemAndLeavesTheLastLineAlone() throws Exception {
        Path file = dir.resolve("two.jsonl");
        Files.writeString(file, String.join("\n",
                RECYCLING, GIBBERISH,
                ""), StandardCharsets.UTF_8);
        Path decisions = dir.resolve("decisions.tsv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = RouteEvaluationCommand.run(file, false, false, decisions,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(decisions, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("A\tROUTED RESOURCE_CIRCULATION\t").contains("RESOURCE_CIRCULATION=");
        assertThat(lines.get(1)).startsWith("B\tTRIAGE NOT_A_PROPOSAL\t");
        JsonNode m = JSON.readTree(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
        assertThat(m.path("items").asInt()).isEqualTo(2);
    }

    @Test
    void emptyDenominatorsPrintZeroNotNaN() throws Exception {
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "");
        JsonNode m = lastLine(empty);
        assertThat(m.path("items").asInt()).isZero();
        for (String k : List.of("top1", "top3", "autoPrecision", "coverage", "triageRecall")) {
            assertThat(m.path(k).isNumber()).as(k).isTrue();
            assertThat(m.path(k).asDouble()).as(k).isZero();
        }

        Path onlyTriage = dir.resolve("triage.jsonl");
        Files.writeString(onlyTriage, "{\"id\":\"B\",\"organizationType\":\"INDIVIDUAL\",\"organization\":\"ㅇ\","
                + "\"title\":\"제안\",\"content\":\".\",\"field\":null,\"expected\":\"TRIAGE\"}\n");
        JsonNode t = lastLine(onlyTriage);
        assertThat(t.path("items").asInt()).isEqualTo(1);
        assertThat(t.path("top1").asDouble()).isZero();
        assertThat(t.path("coverage").asDouble()).isZero();
        assertThat(t.path("autoPrecision").asDouble()).isZero();
        assertThat(t.path("triageRecall").asDouble()).isEqualTo(1.0);
    }

    @Test
    void crossValidationPrintsTheOutOfFoldFiguresBeforeTheLastLineAndSpeedIsPrinted() throws Exception {
        Path dev = Path.of(getClass().getClassLoader().getResource("routing-training/routing-dev.jsonl").toURI());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = RouteEvaluationCommand.run(dev, false, true, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("throughput \\(one thread, after a \\d+-pass warm-up\\): \\d+ classifications/s")
                .containsPattern("latency per proposal p50 [0-9.]+ ms, p99 [0-9.]+ ms");
        List<String> lines = text.lines().toList();
        JsonNode m = JSON.readTree(lines.getLast());
        assertThat(m.propertyNames()).containsExactlyInAnyOrder("items", "top1", "top3", "autoPrecision", "coverage",
                "triageRecall");
        // the out-of-fold figures: the same keys on the line before the last, every fold fitted without its items
        JsonNode cv = JSON.readTree(lines.get(lines.size() - 2));
        assertThat(cv.propertyNames()).containsExactlyInAnyOrderElementsOf(m.propertyNames());
        assertThat(cv.path("items").asInt()).isEqualTo(m.path("items").asInt());
        assertThat(text).contains("out-of-fold evaluation: 5 folds").containsPattern("fold 5: held out \\d+, fitted on \\d+");
    }

    @Test
    void benchPrintsOnlyTheClassificationRatesAsTheLastLine() throws Exception {
        Path dev = Path.of(getClass().getClassLoader().getResource("routing-training/routing-dev.jsonl").toURI());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // a short warm-up and few runs: this checks the output, not the speed
        int code = RouteEvaluationCommand.bench(dev, 0, 0, 200, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode m = JSON.readTree(lines.getLast());
        assertThat(m.propertyNames()).containsExactly("classificationsPerSecond", "classificationsPerCpuSecond");
        assertThat(m.path("classificationsPerSecond").asDouble()).isPositive();
        assertThat(m.path("classificationsPerCpuSecond").asDouble()).isPositive();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("over 200 runs")
                .contains("classifications per CPU-second");

        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "");
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        RouteEvaluationCommand.bench(empty, 0, 0, 200, new PrintStream(none, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonNode nothing = JSON.readTree(none.toString(StandardCharsets.UTF_8).strip());
        assertThat(nothing.path("classificationsPerSecond").asDouble()).isZero();
        assertThat(nothing.path("classificationsPerCpuSecond").asDouble()).isZero();
    }

    @Test
    void metricsFollowTheArchitectureDefinitions() {
        RouteMetrics.Tally tally = new RouteMetrics.Tally();
        tally.add("PARKS", List.of("PARKS", "CLIMATE"), "PARKS");          // right, auto
        tally.add("CLIMATE", List.of("PARKS", "CLIMATE"), null);           // top3 only, triaged
        tally.add("TRIAGE", List.of("JOBS"), "JOBS");                       // non-proposal auto-routed: wrong
        tally.add("TRIAGE", List.of(), null);                               // non-proposal triaged
        RouteMetrics m = tally.metrics();
        assertThat(m.items()).isEqualTo(4);
        assertThat(m.top1()).isEqualTo(0.5);
        assertThat(m.top3()).isEqualTo(1.0);
        assertThat(m.coverage()).isEqualTo(0.5);
        assertThat(m.autoPrecision()).isEqualTo(0.5);
        assertThat(m.triageRecall()).isEqualTo(0.5);
        assertThat(m.toJson()).doesNotContain("NaN");
    }
}
