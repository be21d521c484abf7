package kr.seoul.sane.routing.classifier;

import java.util.List;
import java.util.Set;

/**
 * Departments with a broad mandate ({@link ClassifierSettings#broadMandate}: 지역공동체, 민관협력, 보건의료정책,
 * 청년정책 — their remit overlaps the specific departments') and the lead + supporting rule for them. When the first
 * two departments are close (the second has at least {@code broadCloseness} of the first's score) and exactly one
 * of them has a broad mandate, the pair is shared: the other one is offered as supporting, and with
 * {@code specificLeads} the specific department takes the lead (the two swap their scores). Whether the specific one
 * leads and from which closeness on are chosen on the training items ({@link #choose}), never on scored ones.
 */
final class BroadMandate {

    /** The closeness ratios tried by {@link #choose}. */
    static final double[] CLOSENESS = {0.5, 0.6, 0.7, 0.8, 0.9};
    /**
     * The closeness from which a pair is shared when the specific department does not lead: the share of the lead's
     * score a supporting department needs anyway ({@link ClassifierSettings#supportingRatio}'s default).
     */
    static final double SHARED_CLOSENESS = 0.7;

    /** The chosen rule. */
    record Rule(double closeness, boolean specificLeads) {
    }

    private BroadMandate() {
    }

    /** True when the first two departments of {@code order} are close and exactly one has a broad mandate. */
    static boolean sharedPair(double[] scores, int[] order, String[] codes, ClassifierSettings settings) {
        if (order.length < 2 || scores[order[0]] <= 0 || scores[order[1]] < settings.broadCloseness() * scores[order[0]]) {
            return false;
        }
        Set<String> broad = settings.broadMandate();
        return broad.contains(codes[order[0]]) != broad.contains(codes[order[1]]);
    }

    /** Applies the lead rule to a ranking: a broad-mandate first department of a shared pair yields the lead. */
    static void applyLead(double[] scores, int[] order, String[] codes, ClassifierSettings settings) {
        if (settings.specificLeads() && sharedPair(scores, order, codes, settings)
                && settings.broadMandate().contains(codes[order[0]])) {
            int a = order[0];
            int b = order[1];
            double tmp = scores[a];
            scores[a] = scores[b];
            scores[b] = tmp;
            order[0] = b;
            order[1] = a;
        }
    }

    /**
     * The rule that puts the right department first most often on labelled proposals ({@code scores} per item in
     * directory order, {@code expected} their departments): the closeness from which the specific department leads,
     * if that gains anything (ties: the higher closeness, fewer swaps); else the score order stays and
     * {@code fallbackCloseness} only decides when the neighbour is offered as supporting.
     */
    static Rule choose(List<double[]> scores, List<String> expected, String[] codes, Set<String> broad,
                       double fallbackCloseness) {
        int bestGain = 0;
        double bestCloseness = fallbackCloseness;
        for (double closeness : CLOSENESS) {
            int gain = 0;
            for (int i = 0; i < scores.size(); i++) {
                int[] order = Scorer.rank(scores.get(i), codes);
                double[] s = scores.get(i);
                if (order.length < 2 || s[order[0]] <= 0 || s[order[1]] < closeness * s[order[0]]
                        || !broad.contains(codes[order[0]]) || broad.contains(codes[order[1]])) {
                    continue;
                }
                gain += (codes[order[1]].equals(expected.get(i)) ? 1 : 0)
                        - (codes[order[0]].equals(expected.get(i)) ? 1 : 0);
            }
            if (gain > bestGain || (gain == bestGain && gain > 0 && closeness > bestCloseness)) {
                bestGain = gain;
                bestCloseness = closeness;
            }
        }
        return new Rule(bestCloseness, bestGain > 0);
    }
}
