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

    /**
     * Tunable weights; {@link #defaults()} are the production values. {@code formWeight} scales the proposal's form
     * words ({@link TextAnalyzer#FORM_WORDS}), {@code titleBoost} adds the title's own match to each department's
     * score, {@code calibration} holds the logistic model of the confidence: intercept, then one weight per
     * {@link #features} entry (margin, evidence, title agreement).
     */
    public record Settings(double autoThreshold, double sharpness, double fieldPrior, double boundaryPenalty,
                           double learnedWeight, double minEvidence, double absentGroupPenalty, double titleWeight,
                           double formWeight, double titleBoost, double[] calibration, double supportingRatio,
                           double supportingFloor) {

        /**
         * Fitted by L2-regularised logistic regression (lambda 0.1) on the proposals of shared/data/routing-dev.jsonl
         * that reach the threshold step: P(first department is right). Cross-validated in README "Confidence".
         */
        public static final double[] CALIBRATION = {-0.445, 3.441, 0.454, 0.681};

        public static Settings defaults() {
            return new Settings(0.5, 3.0, 0.25, 0.8, 0.8, 2.0, 0.5, 2.0, 0.2, 0.5, CALIBRATION, 0.7, 10.0);
        }

        public Settings withAutoThreshold(double threshold) {
            return new Settings(threshold, sharpness, fieldPrior, boundaryPenalty, learnedWeight, minEvidence,
                    absentGroupPenalty, titleWeight, formWeight, titleBoost, calibration, supportingRatio,
                    supportingFloor);
        }

        public Settings withCalibration(double[] weights) {
            return new Settings(autoThreshold, sharpness, fieldPrior, boundaryPenalty, learnedWeight, minEvidence,
                    absentGroupPenalty, titleWeight, formWeight, titleBoost, weights.clone(), supportingRatio,
                    supportingFloor);
        }

        public Settings withSupporting(double ratio, double floor) {
            return new Settings(autoThreshold, sharpness, fieldPrior, boundaryPenalty, learnedWeight, minEvidence,
                    absentGroupPenalty, titleWeight, formWeight, titleBoost, calibration, ratio, floor);
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
    /** The explanation of a triage for too little matching evidence (no threshold can route it). */
    static final String EVIDENCE_FLOOR = "부서 업무와 맞는 낱말이 거의 없어 운영자 확인이 필요합니다.";
    private static final int NEIGHBOURS = 3;
    private static final java.util.regex.Pattern CLAUSE_SPLIT = java.util.regex.Pattern.compile("[,.]|\\s및\\s");
    private static final double MIN_SIMILARITY = 0.1;
    /** How close a proposal must be to one an operator marked "not a proposal" to be held back for the same reason. */
    static final double NOT_A_PROPOSAL_SIMILARITY = 0.6;
    /** Cap of the margin feature: beyond a first department e^3 = 20 times ahead, the lead is as clear as it gets. */
    private static final double MAX_MARGIN = 3.0;
    /** Words a boundary clause uses to point elsewhere, not topics. */
    private static final Set<String> BOUNDARY_FILLER = Set.of("대상", "하", "사업", "일반", "등", "분야", "예",
            "해당", "부서", "목적", "가", "가다", "만", "경우", "으로", "로", "은", "는", "간다", "정해지", "분명");

    private final DepartmentDirectory directory;
    private final TextAnalyzer analyzer;
    private final Settings settings;
    private final NonProposalDetector nonProposals = new NonProposalDetector();
    /** The trained non-proposal detector; the rules alone until {@link #trainNonProposalModel} has run. */
    private volatile NonProposalModel nonProposalModel = NonProposalModel.RULES_ONLY;
    /** Guarded by {@code this}: the examples as terms, to rebuild their vectors when the profiles change. */
    private final List<Example> examples = new ArrayList<>();
    private final List<Map<String, Double>> negativeExamples = new ArrayList<>();
    /** Guarded by {@code this}: analysed directory texts, so a rebuild re-analyses only what changed. */
    private Map<String, TextAnalyzer.Terms> analysed = new HashMap<>();
    private volatile Model model;

    public RoutingClassifier(DepartmentDirectory directory, TextAnalyzer analyzer, Settings settings) {
        this.directory = directory;
        this.analyzer = analyzer;
        this.settings = settings;
        rebuild();
    }

    /**
     * The labelled sets bundled with the service (class path): the non-proposal detector is trained on them at
     * start-up. The untouched test split of the second set is not among them.
     */
    public static final List<String> TRAINING_SETS = List.of("routing-training/routing-dev.jsonl",
            "routing-training/routing-dev2.jsonl");
    /** Seed of the inner folds of the detector's training (deterministic models). */
    public static final long TRAINING_SEED = 20_240_611L;

    /** The production classifier over the bundled directory with default weights and {@code autoThreshold}. */
    public static RoutingClassifier standard(double autoThreshold) {
        return trained(DepartmentDirectory.fromClasspath(), new TextAnalyzer(),
                Settings.defaults().withAutoThreshold(autoThreshold));
    }

    /**
     * A classifier trained on the bundled labelled sets ({@link #TRAINING_SETS}) by {@link RoutingTrainer}: their
     * proposals as learned examples, the calibration and the non-proposal detector fitted out of fold; the
     * auto-routing threshold stays the one in {@code settings}.
     */
    public static RoutingClassifier trained(DepartmentDirectory directory, TextAnalyzer analyzer, Settings settings) {
        return new RoutingTrainer(directory, analyzer, settings, TRAINING_SEED).train(bundledItems(), false)
                .classifier();
    }

    /** The labelled items of {@link #TRAINING_SETS}. */
    public static List<LabelledItem> bundledItems() {
        List<LabelledItem> items = new ArrayList<>();
        TRAINING_SETS.forEach(name -> items.addAll(LabelledItem.readResource(name)));
        return items;
    }

    void useNonProposalModel(NonProposalModel model) {
        nonProposalModel = model;
    }

    public NonProposalModel nonProposalModel() {
        return nonProposalModel;
    }

    /**
     * One proposal as the trainer sees it: the classification without the trained detector, the calibration's
     * inputs, the detector's inputs, and whether the confidence threshold decides it (see {@link #reachesThreshold}).
     */
    public record Assessment(Classification classification, double[] features, NonProposalSignals signals,
                             boolean decides) {
    }

    /** Scores a proposal once and reports what the trainer needs of it. */
    public Assessment assess(ProposalText p) {
        Scoring s = score(p);
        Optional<NonProposalDetector.Finding> finding = nonProposals.detect(p, s.meaningful());
        Classification c = classify(p, s, finding, NonProposalModel.NEVER);
        return new Assessment(c, features(s), signals(p, s, finding), reachesThreshold(c));
    }

    /**
     * True when the confidence threshold decides a classification made without the trained detector: not
     * suspicious, no rule fired, and enough matching evidence.
     */
    public static boolean reachesThreshold(Classification c) {
        if (c.topDepartment() == null) {
            return false;
        }
        return c.triageReason() == null || (c.triageReason() == TriageReason.LOW_CONFIDENCE
                && !EVIDENCE_FLOOR.equals(c.triageExplanation()));
    }

    private static NonProposalSignals signals(ProposalText p, Scoring s,
                                              Optional<NonProposalDetector.Finding> finding) {
        return new NonProposalSignals(NonProposalFeatures.of(p.title(), p.content(), s.q().keySet()),
                finding.isPresent() && !finding.get().hard(), s.evidence(),
                NonProposalSignals.latinShare(p.title() + p.content()));
    }

    public TextAnalyzer analyzer() {
        return analyzer;
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
        Map<String, TextAnalyzer.Terms> cache = new HashMap<>();
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

    private List<String> terms(String text, Map<String, TextAnalyzer.Terms> cache) {
        return analysedText(text, cache).terms();
    }

    private TextAnalyzer.Terms analysedText(String text, Map<String, TextAnalyzer.Terms> cache) {
        String key = text == null ? "" : text;
        return cache.computeIfAbsent(key, k -> {
            TextAnalyzer.Terms known = analysed.get(k);
            return known != null ? known : analyzer.analyse(k);
        });
    }

    /** The clause as a reason line: without the "(예:" lead-in and what follows a closing parenthesis. */
    private static String readable(String clause) {
        String c = clause.replaceFirst("^.*\\(예:\\s*", "");
        int close = c.indexOf(')');
        return (close > 0 ? c.substring(0, close) : c).strip();
    }

    /** Adds a directory text to a profile: each term once, with the text's weight times the term's own weight. */
    private void add(Map<String, Double> profile, String text, double weight, Map<String, TextAnalyzer.Terms> cache) {
        TextAnalyzer.Terms terms = analysedText(text, cache);
        Map<String, Double> once = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            once.merge(terms.terms().get(i), terms.weights()[i], Math::max);
        }
        once.forEach((t, w) -> profile.merge(t, weight * w, Double::sum));
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

    /**
     * What the scoring found for one proposal before the decision: the final score of every department (after the
     * boundary, target-group, field and learned-example adjustments), the order, and the evidence the calibration
     * reads. Package-private for the calibration tests and tools.
     */
    record Scoring(Map<String, Double> q, int meaningful, double[] scores, int[] order, double evidence,
                   int titleBest, double titleEvidence, List<BoundaryRule> boundaryReasons, boolean[] groupMentioned,
                   Map<String, Double> learnedSim, Vector v) {

            double best() {
            return scores[order[0]];
        }

        double second() {
            return order.length > 1 ? scores[order[1]] : 0;
        }
    }

    Scoring score(ProposalText p) {
        Model m = model;
        Map<String, Posting> postings = m.postings();
        TextAnalyzer.Terms title = analyzer.analyse(p.title());
        TextAnalyzer.Terms content = analyzer.analyse(p.content());
        Map<String, Double> q = queryTerms(title, content);
        int meaningful = 0;
        int n = m.codes().length;
        double[] scores = new double[n];
        for (var qt : q.entrySet()) {
            Posting posting = postings.get(qt.getKey());
            if (posting == null) {
                if (qt.getKey().length() >= 2 && isHangulWord(qt.getKey())) {
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
        // the title on its own: an independent witness of the topic (a title names what the proposal is about)
        double[] titleScores = new double[n];
        Map<String, Double> titleOnce = new HashMap<>();
        for (int i = 0; i < title.size(); i++) {
            titleOnce.merge(title.terms().get(i), title.weights()[i], Math::max);
        }
        for (var e : titleOnce.entrySet()) {
            Posting posting = postings.get(e.getKey());
            if (posting != null) {
                int[] depts = posting.departments();
                double[] weights = posting.weights();
                for (int k = 0; k < depts.length; k++) {
                    titleScores[depts[k]] += posting.idf() * weights[k] * e.getValue();
                }
            }
        }
        double evidence = 0;
        for (double s : scores) {
            evidence = Math.max(evidence, s);
        }

        double[] factor = new double[n];
        java.util.Arrays.fill(factor, 1.0);
        List<BoundaryRule> boundaryReasons = new ArrayList<>();
        for (BoundaryRule rule : m.boundaries()) {
            int hits = 0;
            for (String t : rule.terms()) {
                if (q.containsKey(t)) {
                    hits++;
                }
            }
            if (hits > 0 && hits * 2 > rule.terms().size()) {
                factor[rule.owner()] *= settings.boundaryPenalty();
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
                factor[groupDepartments[g]] *= settings.absentGroupPenalty();
            }
        }

        if (p.field() != null) {
            int[] fieldDepts = m.fieldDepartments().get(p.field());
            if (fieldDepts != null) {
                for (int d : fieldDepts) {
                    factor[d] *= (1 + settings.fieldPrior());
                }
            }
        }
        double titleEvidence = 0;
        int titleBest = -1;
        for (int d = 0; d < n; d++) {
            titleScores[d] *= factor[d];
            scores[d] = scores[d] * factor[d] + settings.titleBoost() * titleScores[d];
            if (titleScores[d] > titleEvidence) {
                titleEvidence = titleScores[d];
                titleBest = d;
            }
        }

        Vector v = m.learned().isEmpty() && m.negatives().isEmpty() ? null : vector(q, postings);
        Map<String, Double> learnedSim = Map.of();
        if (!m.learned().isEmpty()) {
            learnedSim = new HashMap<>();
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

        String[] codes = m.codes();
        int[] order = rank(scores, codes);
        return new Scoring(q, meaningful, scores, order, evidence, titleBest, titleEvidence, boundaryReasons,
                groupMentioned, learnedSim, v);
    }

    /** Department indexes by descending score, ties by code; a partial selection sort of the few that matter. */
    private static int[] rank(double[] scores, String[] codes) {
        int n = scores.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int best = i;
            for (int j = i + 1; j < n; j++) {
                int a = order[j];
                int b = order[best];
                if (scores[a] > scores[b] || (scores[a] == scores[b] && codes[a].compareTo(codes[b]) < 0)) {
                    best = j;
                }
            }
            int tmp = order[i];
            order[i] = order[best];
            order[best] = tmp;
            if (scores[order[i]] <= 0) {
                // the rest score zero too; keep them in code order for a stable result
                int[] rest = java.util.Arrays.copyOfRange(order, i, n);
                Integer[] boxed = new Integer[rest.length];
                for (int k = 0; k < rest.length; k++) {
                    boxed[k] = rest[k];
                }
                java.util.Arrays.sort(boxed, (x, y) -> codes[x].compareTo(codes[y]));
                for (int k = 0; k < boxed.length; k++) {
                    order[i + k] = boxed[k];
                }
                break;
            }
        }
        return order;
    }

    /**
     * The inputs of the calibrated confidence, each a fact about the evidence that holds across topics: how far the
     * first department is ahead of the second (log of the score ratio, capped at {@value #MAX_MARGIN}), how much
     * matching evidence there is at all (log of the best raw score), and whether the title on its own points to the
     * same department (+1 yes, 0 the title matches nothing, -1 another department: two sources of evidence that
     * disagree). The applicant's 분야 was tried as a fourth input and left out: its fitted weight was about zero.
     */
    public double[] features(ProposalText p) {
        return features(score(p));
    }

    double[] features(Scoring s) {
        double best = s.best();
        double second = s.second();
        double margin = best <= 0 ? 0 : Math.min(MAX_MARGIN, Math.log((best + 1e-9) / (second + best * 0.01)));
        double evidence = Math.log1p(s.evidence());
        double title = s.titleBest() < 0 ? 0 : s.titleBest() == s.order()[0] ? 1 : -1;
        return new double[]{margin, evidence, title};
    }

    /** The probability that the first department is right, from {@link #features} through a logistic model. */
    double calibratedConfidence(double[] x) {
        double[] w = settings.calibration();
        double z = w[0];
        for (int i = 0; i < x.length; i++) {
            z += w[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public Classification classify(ProposalText p) {
        return classify(p, nonProposalModel);
    }

    /** Classifies with the given non-proposal detector instead of the trained one. */
    public Classification classify(ProposalText p, NonProposalModel detector) {
        Scoring s = score(p);
        return classify(p, s, nonProposals.detect(p, s.meaningful()), detector);
    }

    private Classification classify(ProposalText p, Scoring s, Optional<NonProposalDetector.Finding> finding,
                                    NonProposalModel detector) {
        Model m = model;
        String[] codes = m.codes();
        int[] order = s.order();
        int n = codes.length;
        double[] ranked = new double[n];
        for (int i = 0; i < n; i++) {
            ranked[i] = s.scores()[order[i]];
        }
        double[] shares = calibrate(ranked);
        List<Candidate> top = new ArrayList<>(3);
        for (int i = 0; i < Math.min(3, n); i++) {
            if (ranked[i] > 0) {
                top.add(new Candidate(codes[order[i]], round(shares[i])));
            }
        }
        double confidence = top.isEmpty() ? 0 : calibratedConfidence(features(s));
        Map<String, Double> q = s.q();

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
                    contrib.put(qt.getKey(), m.postings().get(qt.getKey()).idf() * w * (tf * (K1 + 1) / (tf + K1)));
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
            if (s.groupMentioned()[bestIndex]) {
                reasons.add("대상: " + directory.find(best).map(Department::name).orElse(best) + "의 대상 집단이 언급됨");
            }
            for (int k = 0; k < Math.min(2, s.boundaryReasons().size()); k++) {
                reasons.add("경계 규칙: " + s.boundaryReasons().get(k).clause());
            }
            Double sim = s.learnedSim().get(best);
            if (sim != null) {
                reasons.add(String.format("확정된 배정 사례와 유사 (%.2f)", sim));
            }
        }
        List<String> supporting = supporting(s, codes);

        if (p.suspicious()) {
            return new Classification(top, confidence, reasons, TriageReason.SUSPICIOUS,
                    "접수 단계의 스팸 의심 신호가 있어 운영자 확인이 필요합니다.", List.of());
        }
        if (finding.isPresent() && finding.get().hard()) {
            return new Classification(top, confidence, reasons, TriageReason.NOT_A_PROPOSAL,
                    finding.get().explanation(), List.of());
        }
        double notAProposal = detector.probability(signals(p, s, finding));
        if (notAProposal >= detector.threshold()) {
            return new Classification(top, confidence, reasons, TriageReason.NOT_A_PROPOSAL,
                    finding.map(NonProposalDetector.Finding::explanation).orElse(String.format(
                            "협력 제안이 아닌 글(민원·문의·판매·구직 등)과 닮아 운영자 확인이 필요합니다 (판별 모델 확률 %.2f).",
                            notAProposal)), List.of());
        }
        double rejected = 0;
        for (Vector negative : m.negatives()) {
            rejected = Math.max(rejected, cosine(s.v(), negative));
        }
        if (rejected >= NOT_A_PROPOSAL_SIMILARITY) {
            return new Classification(top, confidence, reasons, TriageReason.NOT_A_PROPOSAL,
                    String.format("운영자가 협력 제안이 아니라고 판단한 글과 매우 비슷합니다 (유사도 %.2f).", rejected), List.of());
        }
        if (top.isEmpty() || s.evidence() < settings.minEvidence()) {
            return new Classification(top, confidence, reasons, TriageReason.LOW_CONFIDENCE, EVIDENCE_FLOOR,
                    List.of());
        }
        if (confidence < settings.autoThreshold()) {
            return new Classification(top, confidence, reasons, TriageReason.LOW_CONFIDENCE, lowConfidence(top),
                    List.of());
        }
        if (!supporting.isEmpty()) {
            reasons.add("협조 부서: " + supporting.stream()
                    .map(c -> directory.find(c).map(Department::name).orElse(c)).collect(Collectors.joining(", "))
                    + " (점수가 담당 부서에 가까움)");
        }
        return new Classification(top, confidence, reasons, null, null, supporting);
    }

    /**
     * Departments that share the proposal with the lead one: the runner-up (and the third) when its score is at
     * least {@code supportingRatio} of the lead's and both carry real evidence ({@code supportingFloor} or more of
     * raw matching score each). A proposal that is mainly one department's stays alone.
     */
    private List<String> supporting(Scoring s, String[] codes) {
        int[] order = s.order();
        double best = s.best();
        if (order.length < 2 || best < settings.supportingFloor()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        for (int i = 1; i < Math.min(3, order.length); i++) {
            double sc = s.scores()[order[i]];
            if (sc >= settings.supportingFloor() && sc >= settings.supportingRatio() * best) {
                out.add(codes[order[i]]);
            } else {
                break;
            }
        }
        return List.copyOf(out);
    }

    private static boolean isHangulWord(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 0xAC00 && c <= 0xD7A3) && Character.UnicodeScript.of(c) != Character.UnicodeScript.HANGUL) {
                return false;
            }
        }
        return !t.isEmpty();
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
        return queryTerms(analyzer.analyse(title), analyzer.analyse(content));
    }

    /** Term frequencies of a proposal: a title term counts {@code titleWeight} times, a compound's part partly. */
    private Map<String, Double> queryTerms(TextAnalyzer.Terms title, TextAnalyzer.Terms content) {
        Map<String, Double> q = new HashMap<>(2 * (title.size() + content.size()));
        double form = settings.formWeight();
        for (int i = 0; i < title.size(); i++) {
            String t = title.terms().get(i);
            q.merge(t, settings.titleWeight() * title.weights()[i] * (TextAnalyzer.FORM_WORDS.contains(t) ? form : 1), Double::sum);
        }
        for (int i = 0; i < content.size(); i++) {
            String t = content.terms().get(i);
            q.merge(t, content.weights()[i] * (TextAnalyzer.FORM_WORDS.contains(t) ? form : 1), Double::sum);
        }
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
