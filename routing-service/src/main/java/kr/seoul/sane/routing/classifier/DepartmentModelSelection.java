package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses by k-fold cross-validation on the training items alone how the learned department model
 * ({@link DepartmentModel}) joins the directory scores: its L2 penalty and its weight in {@link Scorer}. The
 * proposals are split into inner folds; each fold's logits come from a model fitted on the other folds, and
 * the pair whose combined scores put the right department first most often wins (ties: the smaller weight, so the
 * model only takes part when it helps). The same out-of-fold logits are what the calibration is then fitted
 * on, so the confidence is not fitted on texts the model has seen.
 */
final class DepartmentModelSelection {

    static final int INNER_FOLDS = 5;
    static final double[] PENALTIES = {1e-4, 1e-3, 1e-2};
    static final double[] WEIGHTS = {0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0};
    /** Fewer labelled proposals than this: no model. */
    private static final int MIN_PROPOSALS = 2 * INNER_FOLDS;

    /**
     * What was chosen: the model fitted on all training proposals, its weight, its penalty, and per scored item the
     * logits to score it with in training (out of fold for the proposals, the final model's for the rest),
     * with the out-of-fold top1 at the chosen pair and without the model, and the examples it was fitted on.
     */
    record Choice(DepartmentModel model, double weight, double penalty, List<double[]> logits,
                  double top1, double directoryTop1, List<DepartmentModel.Example> examples) {
    }

    private DepartmentModelSelection() {
    }

    static Choice choose(String[] codes, List<RoutingTrainer.Scored> scored, double sharpness, long seed) {
        List<Integer> proposals = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            if (scored.get(i).item().isProposal()) {
                proposals.add(i);
            }
        }
        if (proposals.size() < MIN_PROPOSALS) {
            return new Choice(DepartmentModel.NONE, 0, 0, null, 0, 0, List.of());
        }
        KFold folds = KFold.of(proposals.size(), INNER_FOLDS, seed);
        int bestCorrect = -1;
        double bestWeight = 0;
        double bestPenalty = PENALTIES[0];
        double[][] bestOutOfFold = null;
        int directoryCorrect = 0;
        for (double penalty : PENALTIES) {
            double[][] outOfFold = new double[scored.size()][];
            for (int f = 0; f < INNER_FOLDS; f++) {
                List<DepartmentModel.Example> training = new ArrayList<>();
                for (int k : folds.training(f)) {
                    training.add(example(scored.get(proposals.get(k)), sharpness));
                }
                DepartmentModel inner = DepartmentModel.fit(codes, training, penalty, seed + f);
                for (int k : folds.heldOut(f)) {
                    int i = proposals.get(k);
                    outOfFold[i] = inner.logits(scored.get(i).assessment().words());
                }
            }
            for (double weight : WEIGHTS) {
                int correct = 0;
                for (int i : proposals) {
                    correct += right(codes, scored.get(i), outOfFold[i], weight / sharpness) ? 1 : 0;
                }
                if (weight == 0) {
                    directoryCorrect = correct;
                }
                if (correct > bestCorrect || (correct == bestCorrect && weight < bestWeight)) {
                    bestCorrect = correct;
                    bestWeight = weight;
                    bestPenalty = penalty;
                    bestOutOfFold = outOfFold;
                }
            }
        }
        List<DepartmentModel.Example> all = new ArrayList<>();
        proposals.forEach(i -> all.add(example(scored.get(i), sharpness)));
        DepartmentModel model = DepartmentModel.fit(codes, all, bestPenalty, seed);
        List<double[]> logits = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            logits.add(bestOutOfFold[i] != null ? bestOutOfFold[i]
                    : model.logits(scored.get(i).assessment().words()));
        }
        return new Choice(model, bestWeight, bestPenalty, logits, (double) bestCorrect / proposals.size(),
                (double) directoryCorrect / proposals.size(), List.copyOf(all));
    }

    private static DepartmentModel.Example example(RoutingTrainer.Scored s, double sharpness) {
        return new DepartmentModel.Example(s.assessment().words(), s.item().expected(),
                DepartmentModel.offsets(s.assessment().scores(), sharpness));
    }

    /** Whether the directory scores times {@code exp(scale × logit)} put the expected department first. */
    private static boolean right(String[] codes, RoutingTrainer.Scored s, double[] logits, double scale) {
        double[] scores = combined(s.assessment().scores(), logits, scale);
        int best = -1;
        double bestScore = 0;
        for (int d = 0; d < scores.length; d++) {
            if (scores[d] > bestScore || (scores[d] == bestScore && best >= 0 && codes[d].compareTo(codes[best]) < 0)) {
                bestScore = scores[d];
                best = d;
            }
        }
        return best >= 0 && codes[best].equals(s.item().expected());
    }

    /** The directory scores times {@code exp(scale × logit)}: what {@link Scorer} computes with the model. */
    static double[] combined(double[] scores, double[] logits, double scale) {
        double[] out = scores.clone();
        if (logits != null) {
            for (int d = 0; d < out.length; d++) {
                out[d] *= Math.exp(scale * logits[d]);
            }
        }
        return out;
    }
}
