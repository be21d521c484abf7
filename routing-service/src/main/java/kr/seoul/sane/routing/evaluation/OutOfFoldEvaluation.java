package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.Candidate;
import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.KFold;
import kr.seoul.sane.routing.classifier.LabelledItem;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.classifier.RoutingTrainer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code route-eval --cv}: k-fold cross-validation of everything the classifier learns from labelled items. For each
 * fold, {@link RoutingTrainer} fits the learned examples (department model), the confidence calibration, the
 * auto-routing threshold (the threshold rule) and the non-proposal detector on the training part only: the other
 * folds of the file plus the bundled labelled sets without any text of the file. The held-out fold is then
 * classified by that fold's classifier, so every figure is out of fold.
 */
final class OutOfFoldEvaluation {

    static final int FOLDS = 5;
    static final long SEED = 20_240_611L;

    /** What one fold was fitted on and what it fitted. */
    record Fold(int index, List<LabelledItem> heldOut, List<LabelledItem> training, int fromBundled,
                RoutingTrainer.Trained trained) {
    }

    /**
     * The figures, the folds, and where the held-out proposals that were not routed stopped: held back by the
     * detector, or below the fold's threshold (the rest stopped at the rules or the evidence floor).
     */
    record Result(RouteMetrics metrics, List<Fold> folds, int proposalsHeldByDetector, int proposalsBelowThreshold,
                  List<Miss> misses) {
    }

    /**
     * A held-out item the classifier got wrong: a proposal whose first department is not the expected one, a
     * wrong automatic routing, or a non-proposal routed as a proposal ({@code decided} is the routed department or
     * TRIAGE).
     */
    record Miss(String id, String expected, String first, String decided) {
    }

    private OutOfFoldEvaluation() {
    }

    /** The bundled labelled items whose text (title and content) is not one of {@code items}. */
    static List<LabelledItem> bundledExcept(List<LabelledItem> items) {
        Set<String> texts = new HashSet<>();
        items.forEach(i -> texts.add(i.text()));
        return RoutingTrainer.bundledItems().stream().filter(i -> !texts.contains(i.text())).toList();
    }

    static Result run(RoutingClassifier base, List<LabelledItem> items, List<LabelledItem> extraTraining, int folds,
                      long seed) {
        KFold split = KFold.of(items.size(), folds, seed);
        RouteMetrics.Tally tally = new RouteMetrics.Tally();
        List<Fold> report = new ArrayList<>();
        int heldByDetector = 0;
        int belowThreshold = 0;
        List<Miss> misses = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<LabelledItem> training = new ArrayList<>(extraTraining);
            split.training(f).forEach(i -> training.add(items.get(i)));
            List<LabelledItem> heldOut = split.heldOut(f).stream().map(items::get).toList();
            RoutingTrainer.Trained trained = new RoutingTrainer(base.directory(), base.analyzer(), base.settings(),
                    seed + f).train(training, true);
            RoutingClassifier classifier = trained.classifier();
            for (LabelledItem item : heldOut) {
                Classification c = classifier.classify(item.proposal());
                tally.add(item.expected(), c.candidates().stream().map(Candidate::departmentCode).toList(),
                        c.autoRouted() ? c.topDepartment() : null);
                String decided = c.autoRouted() ? c.topDepartment() : LabelledItem.TRIAGE;
                boolean wrongFirst = item.isProposal() && !item.expected().equals(c.topDepartment());
                if (wrongFirst || (c.autoRouted() && !item.expected().equals(decided))) {
                    misses.add(new Miss(item.id(), item.expected(), c.topDepartment(), decided));
                }
                if (item.isProposal() && !c.autoRouted()) {
                    RoutingClassifier.Assessment a = classifier.assess(item.proposal());
                    boolean held = a.decides() && trained.detector().flags(a.signals());
                    heldByDetector += held ? 1 : 0;
                    belowThreshold += a.decides() && !held ? 1 : 0;
                }
            }
            report.add(new Fold(f, heldOut, List.copyOf(training), extraTraining.size(), trained));
        }
        return new Result(tally.metrics(), List.copyOf(report), heldByDetector, belowThreshold, List.copyOf(misses));
    }
}
