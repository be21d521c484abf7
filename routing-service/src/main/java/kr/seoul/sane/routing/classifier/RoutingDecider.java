package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link Scoring} into a {@link Classification}: the top three candidates with their shares, the calibrated
 * confidence, the reasons, and the decision, in this order: the intake's spam flag, a hard non-proposal rule, the
 * trained non-proposal detector, a text very much like one an operator rejected, too little evidence, a confidence
 * below the threshold (each a triage), else automatic routing with its supporting departments.
 */
final class RoutingDecider {

    /** The explanation of a triage for too little matching evidence (no threshold can route it). */
    static final String EVIDENCE_FLOOR = "부서 업무와 맞는 낱말이 거의 없어 운영자 확인이 필요합니다.";
    /** How close a proposal must be to one an operator marked "not a proposal" to be held back for the same reason. */
    static final double NOT_A_PROPOSAL_SIMILARITY = 0.6;

    private final ClassifierSettings settings;
    private final Confidence confidence;
    private final Reasons reasons;

    RoutingDecider(ClassifierSettings settings, DepartmentDirectory directory) {
        this.settings = settings;
        this.confidence = new Confidence(settings);
        this.reasons = new Reasons(directory);
    }

    Classification decide(ProposalText p, Scoring s, Optional<NonProposalDetector.Finding> finding,
                          NonProposalModel detector) {
        String[] codes = s.model().codes();
        int[] order = s.order();
        int n = codes.length;
        double[] ranked = new double[n];
        for (int i = 0; i < n; i++) {
            ranked[i] = s.scores()[order[i]];
        }
        double[] shares = confidence.shares(ranked);
        List<Candidate> top = new ArrayList<>(3);
        for (int i = 0; i < Math.min(3, n); i++) {
            if (ranked[i] > 0) {
                top.add(new Candidate(codes[order[i]], round(shares[i])));
            }
        }
        double conf = top.isEmpty() ? 0 : confidence.probability(Confidence.features(s));
        List<String> why = top.isEmpty() ? new ArrayList<>() : reasons.of(p, s);
        List<String> supporting = supporting(s, codes);

        if (p.suspicious()) {
            return new Classification(top, conf, why, TriageReason.SUSPICIOUS,
                    "접수 단계의 스팸 의심 신호가 있어 운영자 확인이 필요합니다.", List.of());
        }
        if (finding.isPresent() && finding.get().hard()) {
            return new Classification(top, conf, why, TriageReason.NOT_A_PROPOSAL,
                    finding.get().explanation(), List.of());
        }
        double notAProposal = detector.probability(NonProposalSignals.of(p, s, finding));
        if (notAProposal >= detector.threshold()) {
            return new Classification(top, conf, why, TriageReason.NOT_A_PROPOSAL,
                    finding.map(NonProposalDetector.Finding::explanation).orElse(String.format(
                            "협력 제안이 아닌 글(민원·문의·판매·구직 등)과 닮아 운영자 확인이 필요합니다 (판별 모델 확률 %.2f).",
                            notAProposal)), List.of());
        }
        double rejected = 0;
        for (TermVector negative : s.model().negatives()) {
            rejected = Math.max(rejected, TermVector.cosine(s.v(), negative));
        }
        if (rejected >= NOT_A_PROPOSAL_SIMILARITY) {
            return new Classification(top, conf, why, TriageReason.NOT_A_PROPOSAL,
                    String.format("운영자가 협력 제안이 아니라고 판단한 글과 매우 비슷합니다 (유사도 %.2f).", rejected), List.of());
        }
        if (top.isEmpty() || s.evidence() < settings.minEvidence()) {
            return new Classification(top, conf, why, TriageReason.LOW_CONFIDENCE, EVIDENCE_FLOOR, List.of());
        }
        if (conf < settings.autoThreshold()) {
            return new Classification(top, conf, why, TriageReason.LOW_CONFIDENCE,
                    reasons.lowConfidence(top, settings.autoThreshold()), List.of());
        }
        if (!supporting.isEmpty()) {
            why.add(reasons.supporting(supporting));
        }
        return new Classification(top, conf, why, null, null, supporting);
    }

    /**
     * True when the confidence threshold decides a classification made without the trained detector: not
     * suspicious, no rule fired, and enough matching evidence.
     */
    static boolean reachesThreshold(Classification c) {
        if (c.topDepartment() == null) {
            return false;
        }
        return c.triageReason() == null || (c.triageReason() == TriageReason.LOW_CONFIDENCE
                && !EVIDENCE_FLOOR.equals(c.triageExplanation()));
    }

    /**
     * Departments that share the proposal with the lead one: the runner-up (and the third) when its score is at
     * least {@code supportingRatio} of the lead's and both carry real evidence ({@code supportingFloor} or more of
     * raw matching score each). A proposal that is mainly one department's stays alone. A broad-mandate department
     * and a specific one close together ({@link BroadMandate#sharedPair}) always share it.
     */
    private List<String> supporting(Scoring s, String[] codes) {
        int[] order = s.order();
        double best = s.best();
        boolean shared = BroadMandate.sharedPair(s.scores(), order, codes, settings);
        if (order.length < 2 || (best < settings.supportingFloor() && !shared)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        if (shared) {
            out.add(codes[order[1]]);
        }
        for (int i = out.size() + 1; i < Math.min(3, order.length); i++) {
            double sc = s.scores()[order[i]];
            if (sc >= settings.supportingFloor() && sc >= settings.supportingRatio() * best) {
                out.add(codes[order[i]]);
            } else {
                break;
            }
        }
        return List.copyOf(out);
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
