package kr.seoul.sane.routing.classifier;

import kr.seoul.sane.routing.evaluation.RouteMetrics;

import java.util.List;

/** Reads the labelled dev set bundled with the service and measures a classifier on it. */
final class DevSetSupport {

    private DevSetSupport() {
    }

    static List<LabelledItem> devSet() {
        return LabelledItem.readResource("routing-training/routing-dev.jsonl");
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
