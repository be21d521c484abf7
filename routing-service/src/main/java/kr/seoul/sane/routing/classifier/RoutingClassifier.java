package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a proposal to its 담당부서: {@link Scorer} matches its terms against department profiles built from the
 * directory ({@link DirectoryModelBuilder}), {@link RoutingDecider} turns the scores into candidates, a calibrated
 * confidence ({@link Confidence}), reasons and a decision, with the non-proposal rules ({@link NonProposalDetector})
 * and the trained detector ({@link NonProposalModel}). This class keeps the current {@link DirectoryModel} and what
 * was learned (operator corrections, rejected texts) and swaps a new model in atomically on every change. Plain Java,
 * thread-safe, no framework types.
 */
public final class RoutingClassifier {

    /** A confirmed example as analysed terms; its vector depends on the IDF of the current profiles. */
    private record Example(Map<String, Double> terms, String departmentCode) {
    }

    private final DepartmentDirectory directory;
    private final TextAnalyzer analyzer;
    private final ClassifierSettings settings;
    private final QueryTerms queryTerms;
    private final Scorer scorer;
    private final RoutingDecider decider;
    private final NonProposalDetector nonProposals = new NonProposalDetector();
    /** The trained non-proposal detector; the rules alone until {@link #useNonProposalModel} has run. */
    private volatile NonProposalModel nonProposalModel = NonProposalModel.RULES_ONLY;
    /** The learned department model; adds nothing until {@link #useDepartmentModel} has run. */
    private volatile DepartmentModel departmentModel = DepartmentModel.NONE;
    /** Guarded by {@code this}: what the department model is fitted on (labelled items, then corrections). */
    private final List<DepartmentModel.Example> departmentExamples = new ArrayList<>();
    private double departmentPenalty;
    /** Guarded by {@code this}: builds the directory part of the model, caching the analysed directory texts. */
    private final DirectoryModelBuilder builder;
    /** Guarded by {@code this}: the examples as terms, to rebuild their vectors when the profiles change. */
    private final List<Example> examples = new ArrayList<>();
    private final List<Map<String, Double>> negativeExamples = new ArrayList<>();
    private volatile DirectoryModel model;

    public RoutingClassifier(DepartmentDirectory directory, TextAnalyzer analyzer, ClassifierSettings settings) {
        this.directory = directory;
        this.analyzer = analyzer;
        this.settings = settings;
        this.queryTerms = new QueryTerms(analyzer, settings);
        this.scorer = new Scorer(analyzer, queryTerms, settings);
        this.decider = new RoutingDecider(settings, directory);
        this.builder = new DirectoryModelBuilder(analyzer);
        rebuild();
    }

    /**
     * The classifier the service runs, over the bundled directory: default weights, calibration and non-proposal
     * detector trained on the bundled sets, and {@code autoThreshold} (the service passes
     * {@code sane.routing.auto-threshold}).
     */
    public static RoutingClassifier standard(double autoThreshold) {
        return trained(DepartmentDirectory.fromClasspath(), new TextAnalyzer(),
                ClassifierSettings.defaults().withAutoThreshold(autoThreshold));
    }

    /**
     * A classifier trained on the bundled labelled sets ({@link RoutingTrainer#TRAINING_SETS}) by
     * {@link RoutingTrainer}: the calibration and the non-proposal detector fitted out of fold; the auto-routing
     * threshold stays the one in {@code settings}.
     */
    public static RoutingClassifier trained(DepartmentDirectory directory, TextAnalyzer analyzer,
                                            ClassifierSettings settings) {
        return new RoutingTrainer(directory, analyzer, settings, RoutingTrainer.TRAINING_SEED)
                .train(RoutingTrainer.bundledItems(), false).classifier();
    }

    void useNonProposalModel(NonProposalModel model) {
        nonProposalModel = model;
    }

    /**
     * Uses {@code model}, fitted on {@code examples} with {@code penalty}; later operator corrections are added to
     * those examples and the model is fitted again ({@link #learnAll}).
     */
    synchronized void useDepartmentModel(DepartmentModel model, List<DepartmentModel.Example> examples,
                                         double penalty) {
        departmentModel = model;
        departmentExamples.clear();
        departmentExamples.addAll(examples);
        departmentPenalty = penalty;
    }

    public DepartmentModel departmentModel() {
        return departmentModel;
    }

    public NonProposalModel nonProposalModel() {
        return nonProposalModel;
    }

    /**
     * One proposal as the trainer sees it: the classification without the trained detector, the calibration's
     * inputs, the detector's inputs, and whether the confidence threshold decides it (see {@link #reachesThreshold}).
     */
    public record Assessment(Classification classification, double[] features, NonProposalSignals signals,
                             boolean decides, double[] scores, int[] words) {
    }

    /** Scores a proposal once and reports what the trainer needs of it. */
    public Assessment assess(ProposalText p) {
        return assess(p, null);
    }

    /**
     * Like {@link #assess(ProposalText)}, with the department model's logits given (out-of-fold ones, in directory
     * order) instead of the model's own.
     */
    public Assessment assess(ProposalText p, double[] departmentLogits) {
        Scoring s = scorer.score(p, model, departmentModel, departmentLogits);
        Optional<NonProposalDetector.Finding> finding = nonProposals.detect(p, s.meaningful());
        Classification c = decider.decide(p, s, finding, NonProposalModel.NEVER);
        return new Assessment(c, Confidence.features(s), NonProposalSignals.of(p, s, finding), reachesThreshold(c),
                s.scores().clone(), s.words());
    }

    /**
     * True when the confidence threshold decides a classification made without the trained detector: not
     * suspicious, no rule fired, and enough matching evidence.
     */
    public static boolean reachesThreshold(Classification c) {
        return RoutingDecider.reachesThreshold(c);
    }

    public TextAnalyzer analyzer() {
        return analyzer;
    }

    public DepartmentDirectory directory() {
        return directory;
    }

    public ClassifierSettings settings() {
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

    /** Adds a department or replaces the one with its code; the profiles are rebuilt at once. */
    public synchronized void putDepartment(Department department) {
        directory.put(department);
        rebuild();
    }

    /**
     * Takes a retired department out of routing. Its learned examples count for {@code successor} from now on
     * when given (a merge), otherwise they are dropped.
     */
    public synchronized void retireDepartment(String code, String successor) {
        directory.remove(code);
        List<Example> kept = new ArrayList<>();
        for (Example e : examples) {
            if (!e.departmentCode().equals(code)) {
                kept.add(e);
            } else if (successor != null && directory.contains(successor)) {
                kept.add(new Example(e.terms(), successor));
            }
        }
        examples.clear();
        examples.addAll(kept);
        rebuild();
    }

    private synchronized void rebuild() {
        DirectoryModel m = builder.build(directory.all());
        List<LearnedIndex.LearnedVector> learned = new ArrayList<>();
        for (Example e : examples) {
            learned.add(new LearnedIndex.LearnedVector(TermVector.of(e.terms(), m.postings()), e.departmentCode()));
        }
        List<TermVector> negatives = new ArrayList<>();
        for (Map<String, Double> terms : negativeExamples) {
            negatives.add(TermVector.of(terms, m.postings()));
        }
        model = m.withLearned(LearnedIndex.of(learned)).withNegatives(negatives);
    }

    /** Remembers a confirmed routing; later proposals that resemble it lean towards its department. */
    public void learn(LearnedExample example) {
        learnAll(List.of(example));
    }

    /** Remembers many confirmed routings at once (start-up), indexing them once. */
    public synchronized void learnAll(List<LearnedExample> confirmed) {
        DirectoryModel m = model;
        List<LearnedIndex.LearnedVector> learned = new ArrayList<>(m.learned().vectors());
        for (LearnedExample example : confirmed) {
            if (!directory.contains(example.departmentCode())) {
                continue;
            }
            Map<String, Double> terms = queryTerms.of(example.title(), example.content());
            TermVector v = TermVector.of(terms, m.postings());
            if (v.norm() > 0) {
                examples.add(new Example(Map.copyOf(terms), example.departmentCode()));
                learned.add(new LearnedIndex.LearnedVector(v, example.departmentCode()));
            }
        }
        if (learned.size() > m.learned().size()) {
            model = m.withLearned(LearnedIndex.of(learned));
        }
        refitDepartmentModel(confirmed, m);
    }

    /**
     * Adds confirmed routings to the department model's examples (their offsets: the directory's scores alone) and
     * fits it again with the same penalty; nothing while the classifier has no department model.
     */
    private void refitDepartmentModel(List<LearnedExample> confirmed, DirectoryModel m) {
        if (departmentExamples.isEmpty() || confirmed.isEmpty()) {
            return;
        }
        DirectoryModel directoryAlone = m.withLearned(LearnedIndex.of(List.of()));
        for (LearnedExample example : confirmed) {
            Scoring s = scorer.score(new ProposalText(example.title(), example.content(), null, null, null, false),
                    directoryAlone);
            departmentExamples.add(new DepartmentModel.Example(s.words(), example.departmentCode(),
                    DepartmentModel.offsets(s.scores(), settings.sharpness())));
        }
        departmentModel = DepartmentModel.fit(m.codes(), departmentExamples, departmentPenalty,
                departmentExamples.size());
    }

    /**
     * Remembers a text an operator judged not to be a cooperation proposal; a later text very much like it (cosine
     * at least {@value RoutingDecider#NOT_A_PROPOSAL_SIMILARITY}) goes to triage as
     * {@link TriageReason#NOT_A_PROPOSAL}.
     */
    public synchronized void learnNotAProposal(String title, String content) {
        Map<String, Double> terms = queryTerms.of(title, content);
        DirectoryModel m = model;
        TermVector v = TermVector.of(terms, m.postings());
        if (v.norm() > 0) {
            negativeExamples.add(Map.copyOf(terms));
            List<TermVector> negatives = new ArrayList<>(m.negatives());
            negatives.add(v);
            model = m.withNegatives(negatives);
        }
    }

    public int learnedCount() {
        return model.learned().size();
    }

    public int notAProposalCount() {
        return model.negatives().size();
    }

    /**
     * The inputs of the calibrated confidence (see {@link Confidence#features}): the lead's margin over the
     * runner-up, the amount of matching evidence, and whether the title agrees.
     */
    public double[] features(ProposalText p) {
        return Confidence.features(scorer.score(p, model, departmentModel, null));
    }

    public Classification classify(ProposalText p) {
        return classify(p, nonProposalModel);
    }

    /** Classifies with the given non-proposal detector instead of the trained one. */
    public Classification classify(ProposalText p, NonProposalModel detector) {
        Scoring s = scorer.score(p, model, departmentModel, null);
        return decider.decide(p, s, nonProposals.detect(p, s.meaningful()), detector);
    }
}
