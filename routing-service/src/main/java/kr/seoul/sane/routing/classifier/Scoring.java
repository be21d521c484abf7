package kr.seoul.sane.routing.classifier;

import java.util.List;
import java.util.Map;

/**
 * What the scoring found for one proposal before the decision: the model it was scored on, the proposal's terms
 * and how many of them carry meaning, the final score of every department (after the boundary, target-group, field
 * and learned-example adjustments), the order, the evidence the calibration reads, the boundaries and target groups
 * that applied, the learned examples' best similarity per department and the proposal's vector (null without
 * learned or rejected texts), and its hashed features ({@link NonProposalFeatures}: read by the department model and
 * the non-proposal detector).
 */
record Scoring(DirectoryModel model, Map<String, Double> q, int meaningful, double[] scores, int[] order,
               double evidence, int titleBest, double titleEvidence, List<BoundaryRule> boundaryReasons,
               boolean[] groupMentioned, Map<String, Double> learnedSim, TermVector v,
               int[] features, int[] words) {

    double best() {
        return scores[order[0]];
    }

    double second() {
        return order.length > 1 ? scores[order[1]] : 0;
    }
}
