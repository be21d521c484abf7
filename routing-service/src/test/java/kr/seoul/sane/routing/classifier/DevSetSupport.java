package kr.seoul.sane.routing.classifier;

import kr.seoul.sane.routing.evaluation.LabelledItem;
import kr.seoul.sane.routing.evaluation.RouteMetrics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads the labelled dev set from the test resources and measures a classifier on it. */
final class DevSetSupport {

    private DevSetSupport() {
    }

    static List<LabelledItem> devSet() {
        JsonMapper mapper = JsonMapper.builder().build();
        List<LabelledItem> items = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                DevSetSupport.class.getClassLoader().getResourceAsStream("routing-dev.jsonl")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j = mapper.readTree(line);
                items.add(new LabelledItem(j.path("id").asString(),
                        new ProposalText(j.path("title").asString(), j.path("content").asString(),
                                j.path("field").isString() ? j.path("field").asString() : null,
                                j.path("organizationType").asString(null), j.path("organization").asString(null), false),
                        j.path("expected").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    static RouteMetrics measure(RoutingClassifier classifier, List<LabelledItem> items) {
        RouteMetrics.Tally tally = new RouteMetrics.Tally();
        for (LabelledItem item : items) {
            Classification c = classifier.classify(item.proposal());
            tally.add(item.expected(), c.candidates().stream().map(Candidate::departmentCode).toList(),
                    c.autoRouted() ? c.topDepartment() : null);
        }
        return tally.metrics();
    }
}
