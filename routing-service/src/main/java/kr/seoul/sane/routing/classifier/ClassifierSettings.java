package kr.seoul.sane.routing.classifier;

import java.util.Set;

/**
 * The classifier's tunable weights, built by name ({@link #builder()}). {@link #defaults()} are the values of a
 * classifier built without training (tests, tools); the service overrides two of them: the auto-routing threshold
 * comes from {@code sane.routing.auto-threshold} (0.80 in application.yml) and the calibration is fitted at start-up
 * by {@link RoutingTrainer}.
 *
 * @param autoThreshold      the calibrated confidence at or above which a proposal is routed automatically
 * @param sharpness          the power of the score ratios that turns the top scores into candidate shares
 * @param fieldPrior         how much the applicant's 분야 raises the departments it belongs to (a weak prior)
 * @param boundaryPenalty    the factor of a department whose {@code notFor} clause the proposal mentions
 * @param learnedWeight      the weight of a confirmed example's vote, times its similarity and the evidence
 * @param minEvidence        the best raw score below which a proposal has too little evidence to be routed
 * @param absentGroupPenalty the factor of a department serving one group when the proposal names none of it
 * @param titleWeight        how many times a title term counts among the proposal's terms
 * @param formWeight         how much a form word ({@link TextAnalyzer#FORM_WORDS}) counts among the terms
 * @param titleBoost         how much of the title's own match is added to each department's score
 * @param calibration        the logistic model of the confidence: intercept, then one weight per
 *                           {@link Confidence#features} entry (margin, evidence, title agreement)
 * @param supportingRatio    the share of the lead's score a supporting department needs
 * @param supportingFloor    the raw score both the lead and a supporting department need
 * @param departmentWeight   how much the learned department model ({@link DepartmentModel}) adds: its probability
 *                           times this times the evidence; 0 (untrained) adds nothing, the trainer chooses it by
 *                           cross-validation
 * @param broadMandate       the departments whose remit overlaps the specific ones' ({@link BroadMandate})
 * @param broadCloseness     the share of the first department's score from which a pair of a broad-mandate and a
 *                           specific department is shared (the other offered as supporting)
 * @param specificLeads      whether the specific department of such a pair takes the lead (chosen by the trainer)
 */
public record ClassifierSettings(double autoThreshold, double sharpness, double fieldPrior, double boundaryPenalty,
                                 double learnedWeight, double minEvidence, double absentGroupPenalty,
                                 double titleWeight, double formWeight, double titleBoost, double[] calibration,
                                 double supportingRatio, double supportingFloor, double departmentWeight,
                                 Set<String> broadMandate, double broadCloseness, boolean specificLeads) {

    /** The departments with a broad mandate by default: 지역공동체, 민관협력, 보건의료정책, 청년정책. */
    public static final Set<String> BROAD_MANDATE = Set.of("LOCAL_COMMUNITY", "PARTNERSHIP", "PUBLIC_HEALTHCARE",
            "YOUTH_POLICY");

    /**
     * Fitted by L2-regularised logistic regression (lambda 0.1) on the proposals of shared/data/routing-dev.jsonl
     * that reach the threshold step: P(first department is right). The default of an untrained classifier only; the
     * service fits its own at start-up (README "Confidence").
     */
    public static final double[] CALIBRATION = {-0.236, 3.594, 0.487, 0.986};

    public static ClassifierSettings defaults() {
        return builder().build();
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder().autoThreshold(autoThreshold).sharpness(sharpness).fieldPrior(fieldPrior)
                .boundaryPenalty(boundaryPenalty).learnedWeight(learnedWeight).minEvidence(minEvidence)
                .absentGroupPenalty(absentGroupPenalty).titleWeight(titleWeight).formWeight(formWeight)
                .titleBoost(titleBoost).calibration(calibration).supportingRatio(supportingRatio)
                .supportingFloor(supportingFloor).departmentWeight(departmentWeight).broadMandate(broadMandate)
                .broadCloseness(broadCloseness).specificLeads(specificLeads);
    }

    public ClassifierSettings withAutoThreshold(double threshold) {
        return toBuilder().autoThreshold(threshold).build();
    }

    public ClassifierSettings withCalibration(double[] weights) {
        return toBuilder().calibration(weights.clone()).build();
    }

    public ClassifierSettings withSupporting(double ratio, double floor) {
        return toBuilder().supportingRatio(ratio).supportingFloor(floor).build();
    }

    /** Named settings; every field starts at its default. */
    public static final class Builder {

        private double autoThreshold = 0.5;
        private double sharpness = 3.0;
        private double fieldPrior = 0.25;
        private double boundaryPenalty = 0.8;
        private double learnedWeight = 0.8;
        private double minEvidence = 2.0;
        private double absentGroupPenalty = 0.5;
        private double titleWeight = 2.0;
        private double formWeight = 0.2;
        private double titleBoost = 0.5;
        private double[] calibration = CALIBRATION;
        private double supportingRatio = 0.7;
        private double supportingFloor = 10.0;
        private double departmentWeight = 0;
        private Set<String> broadMandate = BROAD_MANDATE;
        private double broadCloseness = BroadMandate.SHARED_CLOSENESS;
        private boolean specificLeads = false;

        private Builder() {
        }

        public Builder autoThreshold(double value) {
            autoThreshold = value;
            return this;
        }

        public Builder sharpness(double value) {
            sharpness = value;
            return this;
        }

        public Builder fieldPrior(double value) {
            fieldPrior = value;
            return this;
        }

        public Builder boundaryPenalty(double value) {
            boundaryPenalty = value;
            return this;
        }

        public Builder learnedWeight(double value) {
            learnedWeight = value;
            return this;
        }

        public Builder minEvidence(double value) {
            minEvidence = value;
            return this;
        }

        public Builder absentGroupPenalty(double value) {
            absentGroupPenalty = value;
            return this;
        }

        public Builder titleWeight(double value) {
            titleWeight = value;
            return this;
        }

        public Builder formWeight(double value) {
            formWeight = value;
            return this;
        }

        public Builder titleBoost(double value) {
            titleBoost = value;
            return this;
        }

        public Builder calibration(double[] weights) {
            calibration = weights;
            return this;
        }

        public Builder supportingRatio(double value) {
            supportingRatio = value;
            return this;
        }

        public Builder supportingFloor(double value) {
            supportingFloor = value;
            return this;
        }

        public Builder departmentWeight(double value) {
            departmentWeight = value;
            return this;
        }

        public Builder broadMandate(Set<String> codes) {
            broadMandate = Set.copyOf(codes);
            return this;
        }

        public Builder broadCloseness(double value) {
            broadCloseness = value;
            return this;
        }

        public Builder specificLeads(boolean value) {
            specificLeads = value;
            return this;
        }

        public ClassifierSettings build() {
            return new ClassifierSettings(autoThreshold, sharpness, fieldPrior, boundaryPenalty, learnedWeight,
                    minEvidence, absentGroupPenalty, titleWeight, formWeight, titleBoost, calibration,
                    supportingRatio, supportingFloor, departmentWeight, broadMandate, broadCloseness, specificLeads);
        }
    }
}
