package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private record BoundaryRule(int owner, Set<String> terms, String clause) {
    }

    private record Vector(Map<String, Double> weights, double norm) {
    }

    /** A confirmed example as analysed terms; its vector depends on the IDF of the current profiles. */
    private record Example(Map<String, Double> terms, String departmentCode) {
    }

    private record LearnedVector(Vector vector, String departmentCode) {
    }

    /** The examples holding one term, with the term's weight in each. */
    private record LearnedPosting(int[] examples, double[] weights) {
    }

    /**
     * The learned examples as an inverted index: a classification touches only the examples that share a term with
     * the proposal, so the search does not grow with every stored correction.
     */
    private record LearnedIndex(List<LearnedVector> vectors, String[] codes, double[] norms,
                                Map<String, LearnedPosting> postings) {

        static LearnedIndex of(List<LearnedVector> vectors) {
            String[] codes = new String[vectors.size()];
            double[] norms = new double[vectors.size()];
            Map<String, List<double[]>> lists = new HashMap<>();
            for (int i = 0; i < vectors.size(); i++) {
                LearnedVector lv = vectors.get(i);
                codes[i] = lv.departmentCode();
                norms[i] = lv.vector().norm();
                int id = i;
                lv.vector().weights().forEach((t, w) -> lists.computeIfAbsent(t, k -> new ArrayList<>()).add(new double[]{id, w}));
            }
            Map<String, LearnedPosting> postings = new HashMap<>();
            lists.forEach((t, list) -> {
                int[] ids = new int[list.size()];
                double[] weights = new double[list.size()];
                for (int k = 0; k < list.size(); k++) {
                    ids[k] = (int) list.get(k)[0];
                    weights[k] = list.get(k)[1];
                }
                postings.put(t, new LearnedPosting(ids, weights));
            });
            return new LearnedIndex(List.copyOf(vectors), codes, norms, Map.copyOf(postings));
        }

        int size() {
            return codes.length;
        }

        boolean isEmpty() {
            return codes.length == 0;
        }
    }

    /** One term of the inverted index: its IDF and the departments whose profile holds it, with the weight. */
    private record Posting(double idf, int[] departments, double[] weights) {
    }

    /**
     * Everything {@link #classify} reads, built at once from the directory and the learned examples and swapped
     * atomically, so a classification never sees half of a change.
     */
    private record Model(String[] codes, List<Map<String, Double>> profiles, Map<String, Posting> postings,
                         List<BoundaryRule> boundaries, int[] groupDepartments, List<Set<String>> groupTerms,
                         Map<String, int[]> fieldDepartments, LearnedIndex learned, List<Vector> negatives) {
    }

    private static final double K1 = 1.2;
    private static final int NEIGHBOURS = 3;
    private static final java.util.regex.Pattern HANGUL_WORD = java.util.regex.Pattern.compile("\\p{IsHangul}+");
    private static final java.util.regex.Pattern CLAUSE_SPLIT = java.util.regex.Pattern.compile("[,.]|\\s및\\s");
    private static final double MIN_SIMILARITY = 0.1;
    /** How close a proposal must be to one an operator marked "not a proposal" to be held back for the same reason. */
    static final double NOT_A_PROPOSAL_SIMILARITY = 0.6;
    private static final double TITLE_WEIGHT = 2.0;
    /** Words a boundary clause uses to point elsewhere, not topics. */
    private static final Set<String> BOUNDARY_FILLER = Set.of("대상", "하", "사업", "일반", "등", "분야", "예",
            "해당", "부서", "목적", "가", "가다", "만", "경우", "으로", "로", "은", "는", "간다", "정해지", "분명");

    private final DepartmentDirectory directory;
    private final TextAnalyzer analyzer;
    private final Settings settings;
    private final NonProposalDetector nonProposals = new NonProposalDetector();
    /** Guarded by {@code this}: the examples as terms, to rebuild their vectors when the profiles change. */
    private final List<Example> examples = new ArrayList<>();
    private final List<Map<String, Double>> negativeExamples = new ArrayList<>();
    /** Guarded by {@code this}: analysed directory texts, so a rebuild re-analyses only what changed. */
    private Map<String, List<String>> analysed = new HashMap<>();
    private volatile Model model;

    public RoutingClassifier(DepartmentDirectory directory, TextAnalyzer analyzer, Settings settings) {
        this.directory = directory;
        this.analyzer = analyzer;
        this.settings = settings;
        rebuild();
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

    /**
     * Puts a changed department into the directory and rebuilds the profiles: only the changed texts are analysed
     * again; IDF, boundaries and the learned examples' vectors follow the new profiles.
     */
    public synchronized void replaceDepartment(Department department) {
        directory.replace(department);
        rebuild();
    }

    private synchronized void rebuild() {
        Map<String, List<String>> cache = new HashMap<>();
        List<Department> all = directory.all();
        String[] codes = new String[all.size()];
        List<Map<String, Double>> raw = new ArrayList<>();
        int[] groupDepartments = new int[all.size()];
        List<Set<String>> groupTerms = new ArrayList<>();
        Map<String, List<Integer>> fields = new HashMap<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Department d = all.get(i);
            codes[i] = d.code();
            index.put(d.code(), i);
            Map<String, Double> p = new HashMap<>();
            add(p, d.name(), 3.0, cache);
            add(p, d.responsibilities(), 1.5, cache);
            add(p, d.keywords(), 1.0, cache);
            add(p, d.aliases(), 1.0, cache);
            raw.add(p);
            if (d.targetGroup() != null && !d.targetGroup().isBlank()) {
                groupDepartments[groupTerms.size()] = i;
                groupTerms.add(Set.copyOf(terms(d.targetGroup(), cache)));
            }
            for (String f : d.fields()) {
                fields.computeIfAbsent(f, k -> new ArrayList<>()).add(i);
            }
        }
        List<BoundaryRule> boundaries = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Department d = all.get(i);
            for (String clause : CLAUSE_SPLIT.split(d.notFor() == null ? "" : d.notFor())) {
                for (int j = 0; j < all.size(); j++) {
                    Department target = all.get(j);
                    if (j != i && clause.contains(target.name())) {
                        Set<String> terms = new HashSet<>(terms(clause.replace(target.name(), " "), cache));
                        terms.removeAll(BOUNDARY_FILLER);
                        terms.removeIf(t -> t.length() < 2 && t.matches("\\p{IsHangul}"));
                        if (!terms.isEmpty()) {
                            boundaries.add(new BoundaryRule(i, Set.copyOf(terms), readable(clause)));
                            Map<String, Double> p = raw.get(j);
                            terms.forEach(t -> p.merge(t, 1.0, Double::sum));
                        }
                    }
                }
            }
        }
        analysed = cache;
        Map<String, Integer> df = new HashMap<>();
        raw.forEach(p -> p.keySet().forEach(t -> df.merge(t, 1, Integer::sum)));
        int n = raw.size();
        List<Map<String, Double>> profiles = new ArrayList<>();
        Map<String, List<double[]>> postingLists = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> w = new HashMap<>();
            int dept = i;
            raw.get(i).forEach((t, sum) -> {
                double weight = 1 + Math.log(sum);
                w.put(t, weight);
                postingLists.computeIfAbsent(t, k -> new ArrayList<>()).add(new double[]{dept, weight});
            });
            profiles.add(Map.copyOf(w));
        }
        Map<String, Posting> postings = new HashMap<>();
        postingLists.forEach((t, list) -> {
            int c = df.get(t);
            int[] depts = new int[list.size()];
            double[] weights = new double[list.size()];
            for (int k = 0; k < list.size(); k++) {
                depts[k] = (int) list.get(k)[0];
                weights[k] = list.get(k)[1];
            }
            postings.put(t, new Posting(Math.log(1 + (n - c + 0.5) / (c + 0.5)), depts, weights));
        });
        Map<String, int[]> fieldDepartments = new HashMap<>();
        fields.forEach((f, list) -> fieldDepartments.put(f, list.stream().mapToInt(Integer::intValue).toArray()));
        List<LearnedVector> learned = new ArrayList<>();
        for (Example e : examples) {
            learned.add(new LearnedVector(vector(e.terms(), postings), e.departmentCode()));
        }
        List<Vector> negatives = new ArrayList<>();
        for (Map<String, Double> terms : negativeExamples) {
            negatives.add(vector(terms, postings));
        }
        model = new Model(codes, List.copyOf(profiles), Map.copyOf(postings), List.copyOf(boundaries),
                java.util.Arrays.copyOf(groupDepartments, groupTerms.size()), List.copyOf(groupTerms),
                Map.copyOf(fieldDepartments), LearnedIndex.of(learned), List.copyOf(negatives));
    }

    private List<String> terms(String text, Map<String, List<String>> cache) {
        String key = text == null ? "" : text;
        return cache.computeIfAbsent(key, k -> {
            List<String> known = analysed.get(k);
            return known != null ? known : List.copyOf(analyzer.terms(k));
        });
    }

    /** The clause as a reason line: without the "(예:" lead-in and what follows a closing parenthesis. */
    private static String readable(String clause) {
        String c = clause.replaceFirst("^.*\\(예:\\s*", "");
        int close = c.indexOf(')');
        return (close > 0 ? c.substring(0, close) : c).strip();
    }

    private void add(Map<String, Double> profile, String text, double weight, Map<String, List<String>> cache) {
        for (String t : new HashSet<>(terms(text, cache))) {
            profile.merge(t, weight, Double::sum);
        }
    }

    /** Remembers a confirmed routing; later proposals that resemble it lean towards its department. */
    public void learn(LearnedExample example) {
        learnAll(List.of(example));
    }

    /** Remembers many confirmed routings at once (start-up), indexing them once. */
    public synchronized void learnAll(List<LearnedExample> confirmed) {
        Model m = model;
        List<LearnedVector> learned = new ArrayList<>(m.learned().vectors());
        for (LearnedExample example : confirmed) {
            if (!directory.contains(example.departmentCode())) {
                continue;
            }
            Map<String, Double> terms = queryTerms(example.title(), example.content());
            Vector v = vector(terms, m.postings());
            if (v.norm() > 0) {
                examples.add(new Example(Map.copyOf(terms), example.departmentCode()));
                learned.add(new LearnedVector(v, example.departmentCode()));
            }
        }
        if (learned.size() > m.learned().size()) {
            model = new Model(m.codes(), m.profiles(), m.postings(), m.boundaries(), m.groupDepartments(),
                    m.groupTerms(), m.fieldDepartments(), LearnedIndex.of(learned), m.negatives());
        }
    }

    /**
     * Remembers a text an operator judged not to be a cooperation proposal; a later text very much like it
     * (cosine at least {@value #NOT_A_PROPOSAL_SIMILARITY}) goes to triage as {@link TriageReason#NOT_A_PROPOSAL}.
     */
    public synchronized void learnNotAProposal(String title, String content) {
        Map<String, Double> terms = queryTerms(title, content);
        Model m = model;
        Vector v = vector(terms, m.postings());
        if (v.norm() > 0) {
            negativeExamples.add(Map.copyOf(terms));
            List<Vector> negatives = new ArrayList<>(m.negatives());
            negatives.add(v);
            model = new Model(m.codes(), m.profiles(), m.postings(), m.boundaries(), m.groupDepartments(),
                    m.groupTerms(), m.fieldDepartments(), m.learned(), List.copyOf(negatives));
        }
    }

    public int learnedCount() {
        return model.learned().size();
    }

    public int notAProposalCount() {
        return model.negatives().size();
    }

    public Classification classify(ProposalText p) {
        Model m = model;
        Map<String, Posting> postings = m.postings();
        Map<String, Double> q = queryTerms(p.title(), p.content());
        int meaningful = 0;
        int n = m.codes().length;
        double[] scores = new double[n];
        for (var qt : q.entrySet()) {
            Posting posting = postings.get(qt.getKey());
            if (posting == null) {
                if (qt.getKey().length() >= 2 && HANGUL_WORD.matcher(qt.getKey()).matches()) {
                    meaningful++;
                }
                continue;
            }
            meaningful++;
            double tf = qt.getValue();
            double saturation = tf * (K1 + 1) / (tf + K1);
            int[] depts = posting.departments();
            double[] weights = posting.weights();
            for (int k = 0; k < depts.length; k++) {
                scores[depts[k]] += posting.idf() * weights[k] * saturation;
            }
        }
        double evidence = 0;
        for (double s : scores) {
            evidence = Math.max(evidence, s);
        }

        List<BoundaryRule> boundaryReasons = new ArrayList<>();
        for (BoundaryRule rule : m.boundaries()) {
            int hits = 0;
            for (String t : rule.terms()) {
                if (q.containsKey(t)) {
                    hits++;
                }
            }
            if (hits > 0 && hits * 2 > rule.terms().size()) {
                scores[rule.owner()] *= settings.boundaryPenalty();
                boundaryReasons.add(rule);
            }
        }

        boolean[] groupMentioned = new boolean[n];
        int[] groupDepartments = m.groupDepartments();
        for (int g = 0; g < groupDepartments.length; g++) {
            boolean mentioned = false;
            for (String t : m.groupTerms().get(g)) {
                if (q.containsKey(t)) {
                    mentioned = true;
                    break;
                }
            }
            if (mentioned) {
                groupMentioned[groupDepartments[g]] = true;
            } else {
                scores[groupDepartments[g]] *= settings.absentGroupPenalty();
            }
        }

        if (p.field() != null) {
            int[] fieldDepts = m.fieldDepartments().get(p.field());
            if (fieldDepts != null) {
                for (int d : fieldDepts) {
                    scores[d] *= (1 + settings.fieldPrior());
                }
            }
        }

        Vector v = m.learned().isEmpty() && m.negatives().isEmpty() ? null : vector(q, postings);
        Map<String, Double> learnedSim = new HashMap<>();
        if (!m.learned().isEmpty()) {
            // nearest confirmed examples vote for their department, weighted by similarity (earlier ones win ties);
            // dot products only for the examples that share a term with the proposal
            LearnedIndex index = m.learned();
            double[] dot = new double[index.size()];
            for (var e : v.weights().entrySet()) {
                LearnedPosting posting = index.postings().get(e.getKey());
                if (posting != null) {
                    int[] ids = posting.examples();
                    double[] weights = posting.weights();
                    for (int k = 0; k < ids.length; k++) {
                        dot[ids[k]] += e.getValue() * weights[k];
                    }
                }
            }
            String[] nearest = new String[NEIGHBOURS];
            double[] nearestSim = new double[NEIGHBOURS];
            int found = 0;
            for (int id = 0; id < dot.length; id++) {
                if (dot[id] == 0 || v.norm() == 0) {
                    continue;
                }
                double sim = dot[id] / (v.norm() * index.norms()[id]);
                if (sim < MIN_SIMILARITY || (found == NEIGHBOURS && sim <= nearestSim[NEIGHBOURS - 1])) {
                    continue;
                }
                int at = Math.min(found, NEIGHBOURS - 1);
                while (at > 0 && nearestSim[at - 1] < sim) {
                    if (at < NEIGHBOURS) {
                        nearest[at] = nearest[at - 1];
                        nearestSim[at] = nearestSim[at - 1];
                    }
                    at--;
                }
                nearest[at] = index.codes()[id];
                nearestSim[at] = sim;
                found = Math.min(found + 1, NEIGHBOURS);
            }
            double base = Math.max(evidence, 1e-9);
            for (int k = 0; k < found; k++) {
                String code = nearest[k];
                for (int d = 0; d < n; d++) {
                    if (m.codes()[d].equals(code)) {
                        scores[d] += settings.learnedWeight() * nearestSim[k] * base;
                    }
                }
                learnedSim.merge(code, nearestSim[k], Math::max);
            }
        }

        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        String[] codes = m.codes();
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(scores[b], scores[a]);
            return c != 0 ? c : codes[a].compareTo(codes[b]);
        });
        double[] ranked = new double[n];
        for (int i = 0; i < n; i++) {
            ranked[i] = scores[order[i]];
        }
        double[] shares = calibrate(ranked);
        List<Candidate> top = new ArrayList<>(3);
        for (int i = 0; i < Math.min(3, n); i++) {
            if (ranked[i] > 0) {
                top.add(new Candidate(codes[order[i]], round(shares[i])));
            }
        }
        double confidence = top.isEmpty() ? 0 : shares[0];

        List<String> reasons = new ArrayList<>();
        if (!top.isEmpty()) {
            int bestIndex = order[0];
            String best = codes[bestIndex];
            Map<String, Double> profile = m.profiles().get(bestIndex);
            Map<String, Double> contrib = new HashMap<>();
            for (var qt : q.entrySet()) {
                Double w = profile.get(qt.getKey());
                if (w != null) {
                    double tf = qt.getValue();
                    contrib.put(qt.getKey(), postings.get(qt.getKey()).idf() * w * (tf * (K1 + 1) / (tf + K1)));
                }
            }
            String terms = contrib.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(5).map(Map.Entry::getKey).collect(Collectors.joining(", "));
            if (!terms.isEmpty()) {
                reasons.add("핵심어: " + terms);
            }
            if (p.field() != null) {
                boolean agrees = directory.find(best).map(d -> d.fields().contains(p.field())).orElse(false);
                reasons.add("분야: " + directory.fieldName(p.field()) + (agrees ? " (신청자 선택과 일치)" : " (신청자 선택과 다름, 약한 참고)"));
            }
            if (groupMentioned[bestIndex]) {
                reasons.add("대상: " + directory.find(best).map(Department::name).orElse(best) + "의 대상 집단이 언급됨");
            }
            for (int k = 0; k < Math.min(2, boundaryReasons.size()); k++) {
                reasons.add("경계 규칙: " + boundaryReasons.get(k).clause());
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
        double rejected = 0;
        for (Vector negative : m.negatives()) {
            rejected = Math.max(rejected, cosine(v, negative));
        }
        if (rejected >= NOT_A_PROPOSAL_SIMILARITY) {
            return new Classification(top, confidence, reasons, TriageReason.NOT_A_PROPOSAL,
                    String.format("운영자가 협력 제안이 아니라고 판단한 글과 매우 비슷합니다 (유사도 %.2f).", rejected));
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

    private static Vector vector(Map<String, Double> q, Map<String, Posting> postings) {
        Map<String, Double> w = new HashMap<>();
        double norm = 0;
        for (var e : q.entrySet()) {
            Posting posting = postings.get(e.getKey());
            double x = (1 + Math.log(e.getValue())) * (posting == null ? 1.0 : posting.idf());
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
