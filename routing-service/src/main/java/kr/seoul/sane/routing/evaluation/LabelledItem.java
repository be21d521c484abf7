package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.ProposalText;

/** One line of a labelled routing file: the proposal and the expected department code or {@code TRIAGE}. */
public record LabelledItem(String id, ProposalText proposal, String expected) {

    public static final String TRIAGE = "TRIAGE";

    public boolean isProposal() {
        return !TRIAGE.equals(expected);
    }
}
