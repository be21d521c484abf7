package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Korean reasons of a classification, for operators and departments: the key terms of the best department,
 * the applicant's 분야, a named target group, the boundaries that applied, a similar confirmed example, the supporting
 * departments, and the explanation of a triage for low confidence.
 */
final class Reasons {

    /** How many key terms a reason names. */
    private static final int KEY_TERMS = 5;

    private final DepartmentDirectory directory;

    Reasons(DepartmentDirectory directory) {
        this.directory = directory;
    }

    /** Why the best department of {@code s} leads; empty when nothing matched. */
    List<String> of(ProposalText p, Scoring s) {
        List<String> reasons = new ArrayList<>();
        DirectoryModel m = s.model();
        int bestIndex = s.order()[0];
        String best = m.codes()[bestIndex];
        Map<String, Double> profile = m.profiles().get(bestIndex);
        Map<String, Double> contrib = new HashMap<>();
        for (var qt : s.q().entrySet()) {
            Double w = profile.get(qt.getKey());
            if (w != null) {
                contrib.put(qt.getKey(), m.postings().get(qt.getKey()).idf() * w * Scorer.saturation(qt.getValue()));
            }
        }
        String terms = String.join(", ", strongest(contrib, KEY_TERMS));
        if (!terms.isEmpty()) {
            reasons.add("핵심어: " + terms);
        }
        if (p.field() != null) {
            boolean agrees = directory.find(best).map(d -> d.fields().contains(p.field())).orElse(false);
            reasons.add("분야: " + directory.fieldName(p.field()) + (agrees ? " (신청자 선택과 일치)" : " (신청자 선택과 다름, 약한 참고)"));
        }
        if (s.groupMentioned()[bestIndex]) {
            reasons.add("대상: " + name(best) + "의 대상 집단이 언급됨");
        }
        for (int k = 0; k < Math.min(2, s.boundaryReasons().size()); k++) {
            reasons.add("경계 규칙: " + s.boundaryReasons().get(k).clause());
        }
        Double sim = s.learnedSim().get(best);
        if (sim != null) {
            reasons.add(String.format("확정된 배정 사례와 유사 (%.2f)", sim));
        }
        return reasons;
    }

    /**
     * The keys of the {@code limit} largest values, largest first, ties in the map's iteration order (what a stable
     * sort by descending value then a limit gives, without sorting them all).
     */
    static List<String> strongest(Map<String, Double> values, int limit) {
        String[] keys = new String[limit];
        double[] top = new double[limit];
        int size = 0;
        for (var e : values.entrySet()) {
            double v = e.getValue();
            int at = size;
            while (at > 0 && Double.compare(top[at - 1], v) < 0) {
                at--;
            }
            if (at == limit) {
                continue;
            }
            int last = Math.min(size, limit - 1);
            System.arraycopy(keys, at, keys, at + 1, last - at);
            System.arraycopy(top, at, top, at + 1, last - at);
            keys[at] = e.getKey();
            top[at] = v;
            size = Math.min(size + 1, limit);
        }
        return Arrays.asList(keys).subList(0, size);
    }

    String supporting(List<String> codes) {
        return "협조 부서: " + codes.stream().map(this::name).collect(Collectors.joining(", "))
                + " (점수가 담당 부서에 가까움)";
    }

    String lowConfidence(List<Candidate> top, double autoThreshold) {
        String list = top.stream().limit(2)
                .map(c -> name(c.departmentCode()) + " " + String.format("%.2f", c.score()))
                .collect(Collectors.joining(", "));
        return "가장 가까운 부서(" + list + ")의 확신도가 자동 배정 기준(" + autoThreshold
                + ")보다 낮아 운영자 확인이 필요합니다.";
    }

    private String name(String code) {
        return directory.find(code).map(Department::name).orElse(code);
    }
}
