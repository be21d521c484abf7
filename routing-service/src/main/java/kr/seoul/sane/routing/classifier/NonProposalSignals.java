package kr.seoul.sane.routing.classifier;

import java.util.Optional;

/**
 * What the non-proposal model reads of a text: its hashed features (content words and character 2- and 3-grams,
 * each once, ascending), whether a cue rule of {@link NonProposalDetector} fired (a complaint, a job application, a
 * sales pitch), how much the text matched the directory at all (the best department's raw score), and the share of
 * its letters that are Latin (the naive-Bayes score of an English text runs on other n-grams than a Korean one's,
 * so the logistic model gets to correct for the language).
 */
public record NonProposalSignals(int[] features, boolean cue, double evidence, double latinShare) {

    /** The signals of a scored proposal; {@code finding} is what the cue rules found (a soft finding is a cue). */
    static NonProposalSignals of(ProposalText p, Scoring s, Optional<NonProposalDetector.Finding> finding) {
        return new NonProposalSignals(s.features(),
                finding.isPresent() && !finding.get().hard(), s.evidence(), latinShare(p.title() + p.content()));
    }

    /** The share of letters in {@code text} that are a-z (after lower-casing). */
    static double latinShare(String text) {
        int letters = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                char l = Character.toLowerCase(c);
                latin += l >= 'a' && l <= 'z' ? 1 : 0;
            }
        }
        return letters == 0 ? 0 : (double) latin / letters;
    }
}
