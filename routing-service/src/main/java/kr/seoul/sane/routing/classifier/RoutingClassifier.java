package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Routes a proposal to its 담당부서 by matching its terms against department profiles built from the directory
 * (name, responsibilities, keywords, English aliases), BM25-style: rare terms weigh more, repeated terms saturate.
 * The directory's {@code notFor} boundaries move a topic to the department they name and count against the
 * department that declines it; the applicant's 분야 is only a weak prior; confirmed examples (operator corrections)
 * add nearest-neighbour evidence. Plain Java, thread-safe, no framework types.
 */
public final class RoutingClassifier {

    /** Tunable weights; {@link #defaults()} are the production values. */
    public record Settings(double autoThreshold, double sharpness, double fieldPrior, double boundaryPenalty,
                           double learnedWeight, double minEvidence, double absentGroupPenalty) {

        public static Settings defaults() {
            return new Settings(0.5, 3.0, 0.25, 0.8, 0.8, 2.0, 0.5);
        }

        public Settings withAutoThreshold(double threshold) {
            return new Settings(threshold, sharpness, fieldPrior, boundaryPenalty, learnedWeight, minEvidence,
                    absentGroupPenalty);
        }
    }

    private record BoundaryRule(String owner, String target, Set<String> terms, String clause) {
    }

    private record Vector(Map<String, Double> weights, double norm) {
    }

    private record LearnedVector(Vector vector, String departmentCode) {
    }

    private static final double K1 = 1.2;
    private static final int NEIGHBOURS = 3;
    private static final java.util.regex.Pattern HANGUL_WORD = java.util.regex.Pattern.compile("\\p{IsHangul}+");
    private static final double MIN_SIMILARITY = 0.1;
    private static final double TITLE_WEIGHT = 2.0;
    /** Words a boundary clause uses to point elsewhere, not topics. */
    private static final Set<String> BOUNDARY_FILLER = Set.of("대상", "하", "사업", "일반", "등", "분야", "예",
            "해당", "부서", "목적", "가", "가다", "만", "경우", "으로", "로", "은", "는", "간다", "정해지", "분명");

    private final DepartmentDirectory directory;
    private final TextAnalyzer analyzer;
    private final Settings settings;
    private final NonProposalDetector nonProposals = new NonProposalDetector();
    private final Map<String, Map<String, Double>> profiles = new LinkedHashMap<>();
    private final Map<String, Double> idf = new HashMap<>();
    private final List<BoundaryRule> boundaries = new ArrayList<>();
    /** Departments that serve one group of people (어르신, 장애인, 여성 …) and the terms naming that group. */
    private final Map<String, Set<String>> targetGroups = new HashMap<>();
    private final List<LearnedVector> learned = new CopyOnWriteArrayList<>();

    public RoutingClassifier(DepartmentDirectory directory, TextAnalyzer analyzer, Settings settings) {
        this.directory = directory;
        this.analyzer = analyzer;
        this.settings = settings;
        buildProfiles();
    }

    /** The production classifier over the bundled directory with default weights and {@code autoThreshold}. */
    public static RoutingClassifier standard(double autoThreshold) {
        return new RoutingClassifier(DepartmentDirectory.fromClasspath(), new TextAnalyzer(),
                Settings.defaults().withAutoThreshold(autoThreshold));
    }

    public DepartmentDirectory directory() {
        return directory;
    }

    public Settings settings() {
        return settings;
    }

    private void buildProfiles() {
        List<Department> all = directory.all();
        Map<String, Map<String, Double>> raw = new LinkedHashMap<>();
        for (Department d : all) {
            Map<String, Double> p = new HashMap<>();
            add(p, d.name(), 3.0);
            add(p, d.responsibilities(), 1.5);
            add(p, d.keywords(), 1.0);
            add(p, d.aliases(), 1.0);
            raw.put(d.code(), p);
            if (!d.targetGroup().isBlank()) {
                targetGroups.put(d.code(), Set.copyOf(analyzer.terms(d.targetGroup())));
            }
        }
        for (Department d : all) {
            for (String clause : d.notFor().split("[,.]|\\s및\\s")) {
                for (Department target : all) {
                    if (target != d && clause.contains(target.name())) {
                        Set<String> terms = new HashSet<>(analyzer.terms(clause.replace(target.name(), " ")));
                        terms.removeAll(BOUNDARY_FILLER);
                        terms.removeIf(t -> t.length() < 2 && t.matches("\\p{IsHangul}"));
                        if (!terms.isEmpty()) {
                            boundaries.add(new BoundaryRule(d.code(), target.code(), Set.copyOf(terms), readable(clause)));
                            Map<String, Double> p = raw.get(target.code());
                            terms.forEach(t -> p.merge(t, 1.0, Double::sum));
                        }
                    }
                }
            }
        }
        Map<String, Integer> df = new HashMap<>();
        raw.values().forEach(p -> p.keySet().forEach(t -> df.merge(t, 1, Integer::sum)));
        int n = raw.size();
        df.forEach((t, c) -> idf.put(t, Math.log(1 + (n - c + 0.5) / (c + 0.5))));
        raw.forEach((code, p) -> {
            Map<String, Double> w = new HashMap<>();
            p.forEach((t, sum) -> w.put(t, 1 + Math.log(sum)));
            profiles.put(code, Map.copyOf(w));
        });
    }

    /** The clause as a reason line: without the "(예:" lead-in and what follows a closing parenthesis. */
    private static String readable(String clause) {
        String c = clause.replaceFirst("^.*\\(예:\\s*", "");
        int close = c.indexOf(')');
        return (close > 0 ? c.substring(0, close) : c).strip();
    }

    private void add(Map<String, Double> profile, String text, double weight) {
        for (String t : new HashSet<>(analyzer.terms(text))) {
            profile.merge(t, weight, Double::sum);
        }
    }

    /** Remembers a confirmed routing; later proposals that resemble it lean towards its department. */
    public void learn(LearnedExample example) {
        if (directory.find(example.departmentCode()).isEmpty()) {
            return;
        }
        Vector v = vector(queryTerms(example.title(), example.content()));
        if (v.norm() > 0) {
            learned.add(new LearnedVector(v, example.departmentCode()));
        }
    }

    public int learnedCount() {
        return learned.size();
    }

    public Classification classify(ProposalText p) {
        Map<String, Double> q = queryTerms(p.title(), p.content());
        int meaningful = (int) q.keySet().stream().filter(idf::containsKey).count()
                + (int) q.keySet().stream().filter(t -> !idf.containsKey(t) && t.length() >= 2
                && HANGUL_WORD.matcher(t).matches()).count();

        Map<String, Double> scores = new HashMap<>();
        Map<String, Map<String, Double>> contributions = new HashMap<>();
        for (var e : profiles.entrySet()) {
            double s = 0;
            Map<String, Double> contrib = new HashMap<>();
            for (var qt : q.entrySet()) {
                Double w = e.getValue().get(qt.getKey());
                if (w != null) {
                    double tf = qt.getValue();
                    double c = idf.get(qt.getKey()) * w * (tf * (K1 + 1) / (tf + K1));
                    s += c;
                    contrib.put(qt.getKey(), c);
                }
            }
            scores.put(e.getKey(), s);
            contributions.put(e.getKey(), contrib);
        }
        double evidence = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);

        List<BoundaryRule> boundaryReasons = new ArrayList<>();
        for (BoundaryRule rule : boundaries) {
            long hits = rule.terms().stream().filter(q::containsKey).count();
            if (hits > 0 && hits * 2 > rule.terms().size()) {
                scores.computeIfPresent(rule.owner(), (k, v) -> v * settings.boundaryPenalty());
                boundaryReasons.add(rule);
            }
        }

        List<String> groupReasons = new ArrayList<>();
        targetGroups.forEach((code, group) -> {
            if (group.stream().noneMatch(q::containsKey)) {
                scores.computeIfPresent(code, (k, v) -> v * settings.absentGroupPenalty());
            } else {
                groupReasons.add(code);
            }
        });

        if (p.field() != null) {
            for (Department d : directory.all()) {
                if (d.fields().contains(p.field())) {
                    scores.computeIfPresent(d.code(), (k, v) -> v * (1 + settings.fieldPrior()));
                }
            }
        }

        Map<String, Double> learnedSim = new HashMap<>();
        if (!learned.isEmpty()) {
            // nearest confirmed examples vote for their department, weighted by similarity
            Vector v = vector(q);
            record Neighbour(String code, double sim) {
            }
            List<Neighbour> nearest = learned.stream()
                    .map(lv -> new Neighbour(lv.departmentCode(), cosine(v, lv.vector())))
                    .filter(nb -> nb.sim() >= MIN_SIMILARITY)
                    .sorted((x, y) -> Double.compare(y.sim(), x.sim()))
                    .limit(NEIGHBOURS)
                    .toList();
            double base = Math.max(evidence, 1e-9);
            for (Neighbour nb : nearest) {
                scores.merge(nb.code(), settings.learnedWeight() * nb.sim() * base, Double::sum);
                learnedSim.merge(nb.code(), nb.sim(), Math::max);
            }
        }

        List<Map.Entry<String, Double>> ranked = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        double[] shares = calibrate(ranked.stream().mapToDouble(Map.Entry::getValue).toArray());
        List<Candidate> top = new ArrayList<>();
        for (int i = 0; i < Math.min(3, ranked.size()); i++) {
            if (ranked.get(i).getValue() > 0) {
                top.add(new Candidate(ranked.get(i).getKey(), round(shares[i])));
            }
        }
        double confidence = top.isEmpty() ? 0 : shares[0];

        List<String> reasons = new ArrayList<>();
        if (!top.isEmpty()) {
            String best = top.getFirst().departmentCode();
            String terms = contributions.get(best).entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(5).map(Map.Entry::getKey).collect(Collectors.joining(", "));
            if (!terms.isEmpty()) {
                reasons.add("핵심어: " + terms);
            }
            if (p.field() != null) {
                boolean agrees = directory.find(best).map(d -> d.fields().contains(p.field())).orElse(false);
                reasons.add("분야: " + directory.fieldName(p.field()) + (agrees ? " (신청자 선택과 일치)" : " (신청자 선택과 다름, 약한 참고)"));
            }
            if (groupReasons.contains(best)) {
                reasons.add("대상: " + directory.find(best).map(Department::name).orElse(best) + "의 대상 집단이 언급됨");
            }
            for (BoundaryRule rule : boundaryReasons.stream().limit(2).toList()) {
                reasons.add("경계 규칙: " + rule.clause());
            }
            Double sim = learnedSim.get(best);
            if (sim != null) {
                reasons.add(String.format("운영자 확정 사례와 유사 (%.2f)", sim));
            }
        }

        if (p.suspicious()) {
            return new Classification(top, confidence, reasons, TriageReason.SUSPICIOUS,
                    "접수 단계의 스팸 의심 신호가 있어 운영자 확인이 필요합니다.");
        }
        Optional<NonProposalDetector.Finding> finding = nonProposals.detect(p, meaningful);
        if (finding.isPresent()) {
            return new Classification(top, confidence, reasons, TriageReason.NOT_A_PROPOSAL,
                    finding.get().explanation());
        }
        if (top.isEmpty() || evidence < settings.minEvidence()) {
            return new Classification(top, confidence, reasons, TriageReason.LOW_CONFIDENCE,
                    "부서 업무와 맞는 낱말이 거의 없어 운영자 확인이 필요합니다.");
        }
        if (confidence < settings.autoThreshold()) {
            return new Classification(top, confidence, reasons, TriageReason.LOW_CONFIDENCE, lowConfidence(top));
        }
        return new Classification(top, confidence, reasons, null, null);
    }

    private String lowConfidence(List<Candidate> top) {
        String list = top.stream().limit(2)
                .map(c -> directory.find(c.departmentCode()).map(Department::name).orElse(c.departmentCode())
                        + " " + String.format("%.2f", c.score()))
                .collect(Collectors.joining(", "));
        return "가장 가까운 부서(" + list + ")의 확신도가 자동 배정 기준(" + settings.autoThreshold()
                + ")보다 낮아 운영자 확인이 필요합니다.";
    }

    /** Scores to shares that sum to 1: a power of each score's ratio to the best one. */
    private double[] calibrate(double[] scores) {
        double[] out = new double[scores.length];
        if (scores.length == 0 || scores[0] <= 0) {
            return out;
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            out[i] = Math.pow(Math.max(scores[i], 0) / scores[0], settings.sharpness());
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    private Map<String, Double> queryTerms(String title, String content) {
        Map<String, Double> q = new HashMap<>();
        analyzer.terms(title).forEach(t -> q.merge(t, TITLE_WEIGHT, Double::sum));
        analyzer.terms(content).forEach(t -> q.merge(t, 1.0, Double::sum));
        return q;
    }

    private Vector vector(Map<String, Double> q) {
        Map<String, Double> w = new HashMap<>();
        double norm = 0;
        for (var e : q.entrySet()) {
            double x = (1 + Math.log(e.getValue())) * idf.getOrDefault(e.getKey(), 1.0);
            w.put(e.getKey(), x);
            norm += x * x;
        }
        return new Vector(w, Math.sqrt(norm));
    }

    private static double cosine(Vector a, Vector b) {
        if (a.norm() == 0 || b.norm() == 0) {
            return 0;
        }
        Map<String, Double> small = a.weights().size() < b.weights().size() ? a.weights() : b.weights();
        Map<String, Double> large = small == a.weights() ? b.weights() : a.weights();
        double dot = 0;
        for (var e : small.entrySet()) {
            Double o = large.get(e.getKey());
            if (o != null) {
                dot += e.getValue() * o;
            }
        }
        return dot / (a.norm() * b.norm());
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
