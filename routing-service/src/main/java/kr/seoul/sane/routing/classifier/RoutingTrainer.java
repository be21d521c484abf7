package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits everything the classifier learns from labelled items, in one place for the service's start-up and for each
 * fold of {@code route-eval --cv}: the confidence calibration and the non-proposal detector (whose naive-Bayes part
 * is itself stacked on inner folds), and the auto-routing threshold, either the configured one or the threshold
 * rule's pick. The labelled proposals are not added as learned examples: measured out of fold, their
 * nearest-neighbour votes lowered top1 (README "Learned examples"); operator corrections still are.
 */
public final class RoutingTrainer {

    /** The threshold rule: the lowest of 0.50, 0.55, … 0.95 whose autoPrecision reaches this. */
    public static final double PRECISION_GOAL = 0.985;
    private static final int MIN_CALIBRATION_SAMPLES = 10;
    /**
     * The labelled sets bundled with the service (class path): calibration and non-proposal detector are fitted on
     * them at start-up. The untouched test splits of the second, third and fourth sets are not among them.
     */
    public static final List<String> TRAINING_SETS = List.of("routing-training/routing-dev.jsonl",
            "routing-training/routing-dev2.jsonl", "routing-training/routing-dev3.jsonl",
            "routing-training/routing-dev4.jsonl");
    /** Seed of the inner folds of the detector's training (deterministic models). */
    public static final long TRAINING_SEED = 20_240_611L;

    /** One labelled item as the classifier scored it. */
    public record Scored(LabelledItem item, RoutingClassifier.Assessment assessment) {

        boolean decides() {
            return assessment.decides();
        }

        boolean right() {
            return item.expected().equals(assessment.classification().topDepartment());
        }
    }

    /**
     * The fitted classifier and what was fitted, for the reports: also the department model's weight and the
     * inner out-of-fold top1 with it and with the directory alone.
     */
    public record Trained(RoutingClassifier classifier, double[] calibration, double threshold,
                          NonProposalModel detector, int items, double departmentWeight, double innerTop1,
                          double innerDirectoryTop1, double broadCloseness, boolean specificLeads) {
    }

    private final DepartmentDirectory directory;
    private final TextAnalyzer analyzer;
    private final ClassifierSettings settings;
    private final long seed;

    public RoutingTrainer(DepartmentDirectory directory, TextAnalyzer analyzer, ClassifierSettings settings,
                          long seed) {
        this.directory = directory;
        this.analyzer = analyzer;
        this.settings = settings;
        this.seed = seed;
    }

    /**
     * Fits on {@code items}; {@code chooseThreshold} applies the threshold rule, otherwise the settings' threshold
     * stays.
     */
    public Trained train(List<LabelledItem> items, boolean chooseThreshold) {
        List<Scored> plain = score(items);
        DepartmentModelSelection.Choice departments = DepartmentModelSelection.choose(codes(), plain, settings.sharpness(), seed);
        BroadMandate.Rule lead = leadRule(plain, departments);
        ClassifierSettings withModel = settings.toBuilder().departmentWeight(departments.weight())
                .broadCloseness(lead.closeness()).specificLeads(lead.specificLeads()).build();
        List<Scored> scored = departments.weight() > 0 || lead.specificLeads()
                ? rescore(plain, departments, withModel) : plain;
        double[] calibration = calibration(scored, settings.calibration());
        double threshold = chooseThreshold ? threshold(scored, calibration) : settings.autoThreshold();
        List<NonProposalModel.Example> examples = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            boolean caught = !s.decides()
                    || LogisticRegression.predict(calibration, s.assessment().features()) < threshold;
            examples.add(new NonProposalModel.Example(s.assessment().signals(), !s.item().isProposal(), caught));
        }
        NonProposalModel detector = NonProposalModel.fit(examples, NonProposalModel.TARGET_RECALL, seed);
        RoutingClassifier classifier = new RoutingClassifier(directory, analyzer,
                withModel.withCalibration(calibration).withAutoThreshold(threshold));
        classifier.useNonProposalModel(detector);
        classifier.useDepartmentModel(departments.model(), departments.examples(), departments.penalty());
        return new Trained(classifier, calibration, threshold, detector, items.size(), departments.weight(),
                departments.top1(), departments.directoryTop1(), lead.closeness(), lead.specificLeads());
    }

    /** The broad-mandate lead rule chosen on the proposals' scores with the department model (out of fold). */
    private BroadMandate.Rule leadRule(List<Scored> plain, DepartmentModelSelection.Choice departments) {
        List<double[]> scores = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            if (plain.get(i).item().isProposal()) {
                scores.add(DepartmentModelSelection.combined(plain.get(i).assessment().scores(),
                        departments.logits() == null ? null : departments.logits().get(i),
                        departments.weight() / settings.sharpness()));
                expected.add(plain.get(i).item().expected());
            }
        }
        // the fallback is a constant, not the settings' value: those may come from a classifier fitted on scored items
        return BroadMandate.choose(scores, expected, codes(), settings.broadMandate(), BroadMandate.SHARED_CLOSENESS);
    }

    private String[] codes() {
        return directory.all().stream().map(Department::code).toArray(String[]::new);
    }

    /** The items scored again with the department model's out-of-fold probabilities at the chosen weight. */
    private List<Scored> rescore(List<Scored> plain, DepartmentModelSelection.Choice departments,
                                 ClassifierSettings withModel) {
        RoutingClassifier combined = new RoutingClassifier(directory, analyzer, withModel);
        List<Scored> out = new ArrayList<>(plain.size());
        for (int i = 0; i < plain.size(); i++) {
            LabelledItem item = plain.get(i).item();
            out.add(new Scored(item, combined.assess(item.proposal(), departments.logits().get(i))));
        }
        return out;
    }

    /** The labelled items of {@link #TRAINING_SETS}. */
    public static List<LabelledItem> bundledItems() {
        List<LabelledItem> items = new ArrayList<>();
        TRAINING_SETS.forEach(name -> items.addAll(LabelledItem.readResource(name)));
        return items;
    }

    /** Every item scored by the directory alone (no department model, no lead rule: it learns nothing from them). */
    public List<Scored> score(List<LabelledItem> items) {
        RoutingClassifier plain = new RoutingClassifier(directory, analyzer,
                settings.toBuilder().departmentWeight(0).specificLeads(false).build());
        return items.stream().map(i -> new Scored(i, plain.assess(i.proposal()))).toList();
    }

    /** The confidence calibration fitted on the scored proposals that reach the threshold step. */
    static double[] calibration(List<Scored> scored, double[] fallback) {
        List<LogisticRegression.Sample> samples = new ArrayList<>();
        for (Scored s : scored) {
            if (s.decides() && s.item().isProposal()) {
                samples.add(new LogisticRegression.Sample(s.assessment().features(), s.right()));
            }
        }
        return samples.size() < MIN_CALIBRATION_SAMPLES ? fallback
                : LogisticRegression.fit(samples, LogisticRegression.LAMBDA);
    }

    /** The threshold rule on the scored items: the lowest threshold whose autoPrecision reaches the goal. */
    static double threshold(List<Scored> scored, double[] calibration) {
        for (int t = 50; t <= 95; t += 5) {
            int routed = 0;
            int right = 0;
            for (Scored s : scored) {
                if (s.item().isProposal() && s.decides()
                        && LogisticRegression.predict(calibration, s.assessment().features()) >= t / 100.0) {
                    routed++;
                    right += s.right() ? 1 : 0;
                }
            }
            if (routed > 0 && (double) right / routed >= PRECISION_GOAL) {
                return t / 100.0;
            }
        }
        return 0.95;
    }
}
