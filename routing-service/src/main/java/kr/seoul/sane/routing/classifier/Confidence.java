package kr.seoul.sane.routing.classifier;

/**
 * The calibrated confidence of a scoring and the candidates' shares. The confidence is a logistic model
 * ({@link ClassifierSettings#calibration}) of P(first department is right) over three facts about the evidence that
 * hold across topics ({@link #features}); the shares are the score ratios to the best one raised to
 * {@link ClassifierSettings#sharpness} and normalised.
 */
final class Confidence {

    /** Cap of the margin feature: beyond a first department e^3 = 20 times ahead, the lead is as clear as it gets. */
    private static final double MAX_MARGIN = 3.0;

    private final double[] calibration;
    private final double sharpness;

    Confidence(ClassifierSettings settings) {
        this.calibration = settings.calibration();
        this.sharpness = settings.sharpness();
    }

    /**
     * The inputs of the calibrated confidence: how far the first department is ahead of the second (log of the
     * score ratio, capped at {@value #MAX_MARGIN}), how much matching evidence there is at all (log of the best raw
     * score), and whether the title on its own points to the same department (+1 yes, 0 the title matches nothing,
     * -1 another department: two sources of evidence that disagree). The applicant's 분야 was tried as a fourth input
     * and left out: its fitted weight was about zero.
     */
    static double[] features(Scoring s) {
        double best = s.best();
        double second = s.second();
        double margin = best <= 0 ? 0 : Math.min(MAX_MARGIN, Math.log((best + 1e-9) / (second + best * 0.01)));
        double evidence = Math.log1p(s.evidence());
        double title = s.titleBest() < 0 ? 0 : s.titleBest() == s.order()[0] ? 1 : -1;
        return new double[]{margin, evidence, title};
    }

    /** The probability that the first department is right, from {@link #features} through the logistic model. */
    double probability(double[] x) {
        double[] w = calibration;
        double z = w[0];
        for (int i = 0; i < x.length; i++) {
            z += w[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Scores (descending) to shares that sum to 1: a power of each score's ratio to the best one. */
    double[] shares(double[] scores) {
        double[] out = new double[scores.length];
        if (scores.length == 0 || scores[0] <= 0) {
            return out;
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            out[i] = Math.pow(Math.max(scores[i], 0) / scores[0], sharpness);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
