package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trained non-proposal detector: a multinomial naive Bayes model over hashed content words and character
 * n-grams (each feature counted once per text), whose mean log-likelihood ratio is combined with the cue rules and
 * the directory evidence by a logistic model. The logistic model is fitted on out-of-fold naive-Bayes scores, so its
 * output is a calibrated probability that a text is not a cooperation proposal; {@link #threshold()} is chosen on
 * the same out-of-fold probabilities as the highest one that still sends the target share of the training
 * non-proposals to triage (together with what the rules and the confidence threshold catch anyway), so the
 * detector costs as little coverage as the target allows. Immutable and thread-safe.
 */
public final class NonProposalModel {

    /** Hash buckets of the features (2^18: few collisions for the ~50,000 n-grams of a few hundred texts). */
    static final int BUCKETS = 1 << 18;
    /** Share of the training non-proposals that must reach triage; the 0.90 with room for new kinds. */
    public static final double TARGET_RECALL = 0.95;
    /** The detector never asks for more than this probability: a text more likely a non-proposal is held back. */
    static final double MAX_THRESHOLD = 0.5;
    private static final int INNER_FOLDS = 5;
    private static final double SMOOTHING = 0.5;
    private static final double STACK_PENALTY = 1.0;

    /** One labelled training text; {@code caughtOtherwise}: it reaches triage without the detector. */
    public record Example(NonProposalSignals signals, boolean nonProposal, boolean caughtOtherwise) {
    }

    /** Flags a text only when a cue rule fired: the behaviour of the rules alone, before any training. */
    public static final NonProposalModel RULES_ONLY = new NonProposalModel(null, new double[]{-10, 0, 20, 0, 0}, 0.5, 0);
    /** Never flags (what the cross-validation classifies with before it applies the model of each fold). */
    public static final NonProposalModel NEVER = new NonProposalModel(null, new double[]{-30, 0, 0, 0, 0}, 1.01, 0);

    /** The buckets with a log-likelihood ratio other than 0 and those ratios by rank; null when untrained. */
    private final BucketRanks ratioBuckets;
    private final double[] ratios;
    private final double[] stack;
    private final double threshold;
    private final int trainedOn;

    private NonProposalModel(double[] llr, double[] stack, double threshold, int trainedOn) {
        // a ratio of 0 adds nothing to the sum in meanRatio: only the others are kept
        this.ratioBuckets = llr == null ? null : new BucketRanks(b -> llr[b] != 0);
        this.ratios = new double[ratioBuckets == null ? 0 : ratioBuckets.size()];
        for (int k = 0, b = 0; k < ratios.length; b++) {
            if (llr[b] != 0) {
                ratios[k++] = llr[b];
            }
        }
        this.stack = stack;
        this.threshold = threshold;
        this.trainedOn = trainedOn;
    }

    /** Fits the model on {@code examples}; the inner folds of the stacking come from {@code seed}. */
    public static NonProposalModel fit(List<Example> examples, double targetRecall, long seed) {
        int n = examples.size();
        boolean[] label = new boolean[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            label[i] = examples.get(i).nonProposal();
            positives += label[i] ? 1 : 0;
        }
        if (positives < INNER_FOLDS || n - positives < INNER_FOLDS) {
            throw new IllegalArgumentException("too few texts of each class to fit the detector");
        }
        double[] outOfFold = new double[n];
        KFold folds = KFold.of(n, INNER_FOLDS, seed);
        for (int f = 0; f < INNER_FOLDS; f++) {
            double[] inner = naiveBayes(examples, label, folds.training(f));
            for (int i : folds.heldOut(f)) {
                outOfFold[i] = meanRatio(inner, examples.get(i).signals().features());
            }
        }
        List<LogisticRegression.Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(new LogisticRegression.Sample(inputs(outOfFold[i], examples.get(i).signals()), label[i]));
        }
        double[] stack = LogisticRegression.fit(samples, STACK_PENALTY);
        double threshold = recallThreshold(examples, samples, stack, targetRecall);
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return new NonProposalModel(naiveBayes(examples, label, all), stack, threshold, n);
    }

    /**
     * The highest threshold at which the out-of-fold probabilities, with what is caught otherwise, send at least
     * {@code targetRecall} of the non-proposals to triage; never above {@link #MAX_THRESHOLD}.
     */
    private static double recallThreshold(List<Example> examples, List<LogisticRegression.Sample> samples,
                                          double[] stack, double targetRecall) {
        int nonProposals = 0;
        int caught = 0;
        List<Double> open = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (!e.nonProposal()) {
                continue;
            }
            nonProposals++;
            if (e.caughtOtherwise()) {
                caught++;
            } else {
                open.add(LogisticRegression.predict(stack, samples.get(i).features()));
            }
        }
        int needed = (int) Math.ceil(targetRecall * nonProposals) - caught;
        if (needed <= 0) {
            return MAX_THRESHOLD;
        }
        open.sort((a, b) -> Double.compare(b, a));
        return Math.min(MAX_THRESHOLD, open.get(Math.min(needed, open.size()) - 1));
    }

    /** Log-likelihood ratio (non-proposal : proposal) of every bucket seen in the training texts, 0 elsewhere. */
    private static double[] naiveBayes(List<Example> examples, boolean[] label, List<Integer> use) {
        int[][] counts = new int[2][BUCKETS];
        long[] totals = new long[2];
        for (int i : use) {
            int c = label[i] ? 1 : 0;
            for (int f : examples.get(i).signals().features()) {
                counts[c][f]++;
                totals[c]++;
            }
        }
        int vocabulary = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (counts[0][b] + counts[1][b] > 0) {
                vocabulary++;
            }
        }
        double denominator1 = Math.log(totals[1] + SMOOTHING * vocabulary);
        double denominator0 = Math.log(totals[0] + SMOOTHING * vocabulary);
        double[] llr = new double[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            if (counts[0][b] + counts[1][b] > 0) {
                llr[b] = Math.log(counts[1][b] + SMOOTHING) - denominator1
                        - Math.log(counts[0][b] + SMOOTHING) + denominator0;
            }
        }
        return llr;
    }

    private static double meanRatio(double[] llr, int[] features) {
        if (llr == null || features.length == 0) {
            return 0;
        }
        double sum = 0;
        for (int f : features) {
            sum += llr[f];
        }
        return sum / features.length;
    }

    /** The logistic model's inputs: naive-Bayes score, cue rule fired, log of the directory evidence, Latin share. */
    private static double[] inputs(double naiveBayes, NonProposalSignals s) {
        return new double[]{naiveBayes, s.cue() ? 1 : 0, Math.log1p(s.evidence()), s.latinShare()};
    }

    /**
     * {@link #meanRatio} over the kept ratios: the same sum in the same order (the features ascending) without the
     * terms that are 0.
     */
    private double meanRatio(int[] features) {
        if (ratioBuckets == null || features.length == 0) {
            return 0;
        }
        double sum = 0;
        for (int f : features) {
            int k = ratioBuckets.rank(f);
            if (k >= 0) {
                sum += ratios[k];
            }
        }
        return sum / features.length;
    }

    /** The calibrated probability that the text is not a cooperation proposal. */
    public double probability(NonProposalSignals s) {
        return LogisticRegression.predict(stack, inputs(meanRatio(s.features()), s));
    }

    public boolean flags(NonProposalSignals s) {
        return probability(s) >= threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** How many labelled texts the model was fitted on (0 for the untrained ones). */
    public int trainedOn() {
        return trainedOn;
    }

    @Override
    public String toString() {
        return "NonProposalModel[trainedOn=" + trainedOn + ", threshold=" + String.format("%.3f", threshold)
                + ", weights=" + Arrays.toString(stack) + "]";
    }
}
