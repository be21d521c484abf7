package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.Candidate;
import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.LabelledItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code route-eval --decisions OUT}: one line per item with everything the classifier decided (decision, the
 * candidates with their scores and the confidence at full double precision, supporting departments, reasons, the
 * triage explanation), so two versions of the classifier can be compared item by item with {@code diff}.
 */
final class DecisionLog {

    private DecisionLog() {
    }

    static void write(Path out, List<LabelledItem> items, List<Classification> results) {
        List<String> lines = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            lines.add(line(items.get(i), results.get(i)));
        }
        try {
            Files.write(out, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String line(LabelledItem item, Classification c) {
        StringBuilder b = new StringBuilder(item.id()).append('\t')
                .append(c.autoRouted() ? "ROUTED " + c.topDepartment() : "TRIAGE " + c.triageReason())
                .append('\t').append(c.confidence()).append('\t');
        for (Candidate k : c.candidates()) {
            b.append(k.departmentCode()).append('=').append(k.score()).append(' ');
        }
        b.append('\t').append(String.join(",", c.supportingDepartments()))
                .append('\t').append(String.join(" | ", c.reasons()))
                .append('\t').append(c.triageExplanation());
        return b.toString();
    }
}
