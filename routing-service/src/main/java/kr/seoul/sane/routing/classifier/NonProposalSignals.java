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
                finding.isPresent() && !finding.get().hard(), s.evidence(), latinShare(p.title(), p.content()));
    }

    /** The share of letters in {@code title} and {@code content} together that are a-z (after lower-casing). */
    static double latinShare(String title, String content) {
        int[] counts = new int[2];
        count(title, counts);
        count(content, counts);
        return counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
    }

    /** Adds the letters of {@code text} to {@code counts[0]}, the a-z ones also to {@code counts[1]}. */
    private static void count(String text, int[] counts) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                counts[0]++;
                char l = Character.toLowerCase(c);
                counts[1] += l >= 'a' && l <= 'z' ? 1 : 0;
            }
        }
    }
}
