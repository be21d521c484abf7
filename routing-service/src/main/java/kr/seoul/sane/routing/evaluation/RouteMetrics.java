package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.LabelledItem;

import java.util.Locale;

/**
 * The routing metrics fixed in architecture.md. Proposals are items whose expected value is a department code;
 * an empty denominator gives 0.
 */
public record RouteMetrics(int items, double top1, double top3, double autoPrecision, double coverage,
                           double triageRecall) {

    /** Counts gathered over a run. */
    public static final class Tally {
        private int items;
        private int proposals;
        private int top1;
        private int top3;
        private int routedProposals;
        private int autoRouted;
        private int autoCorrect;
        private int nonProposals;
        private int nonProposalsTriaged;

        /**
         * @param expected department code or TRIAGE
         * @param ranked   suggested department codes, best first (up to 3)
         * @param routed   the department when routed automatically, null when sent to triage
         */
        public void add(String expected, java.util.List<String> ranked, String routed) {
            items++;
            boolean proposal = !LabelledItem.TRIAGE.equals(expected);
            if (routed != null) {
                autoRouted++;
                if (proposal && expected.equals(routed)) {
                    autoCorrect++;
                }
            }
            if (proposal) {
                proposals++;
                if (!ranked.isEmpty() && expected.equals(ranked.getFirst())) {
                    top1++;
                }
                if (ranked.stream().limit(3).anyMatch(expected::equals)) {
                    top3++;
                }
                if (routed != null) {
                    routedProposals++;
                }
            } else {
                nonProposals++;
                if (routed == null) {
                    nonProposalsTriaged++;
                }
            }
        }

        public RouteMetrics metrics() {
            return new RouteMetrics(items, ratio(top1, proposals), ratio(top3, proposals),
                    ratio(autoCorrect, autoRouted), ratio(routedProposals, proposals),
                    ratio(nonProposalsTriaged, nonProposals));
        }

        private static double ratio(int part, int whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }
    }

    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"items\":%d,\"top1\":%.4f,\"top3\":%.4f,\"autoPrecision\":%.4f,\"coverage\":%.4f,\"triageRecall\":%.4f}",
                items, top1, top3, autoPrecision, coverage, triageRecall);
    }
}
