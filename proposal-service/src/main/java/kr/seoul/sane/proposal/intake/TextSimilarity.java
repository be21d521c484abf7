package kr.seoul.sane.proposal.intake;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Near-duplicate test on proposal text: normalised character bigrams compared with the Dice coefficient. */
final class TextSimilarity {

    private TextSimilarity() {
    }

    static String normalise(String text) {
        String n = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(n.length());
        boolean space = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
                space = false;
            } else if (!space && !out.isEmpty()) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().strip();
    }

    /** Dice coefficient of the bigram multisets of two already normalised texts, 0..1. */
    static double similarity(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        if (a.length() < 2 || b.length() < 2) {
            return 0.0;
        }
        Map<Integer, Integer> grams = new HashMap<>();
        for (int i = 0; i + 1 < a.length(); i++) {
            grams.merge(bigram(a, i), 1, Integer::sum);
        }
        int shared = 0;
        for (int i = 0; i + 1 < b.length(); i++) {
            Integer left = grams.get(bigram(b, i));
            if (left != null && left > 0) {
                shared++;
                grams.put(bigram(b, i), left - 1);
            }
        }
        return 2.0 * shared / ((a.length() - 1) + (b.length() - 1));
    }

    private static int bigram(String s, int i) {
        return (s.charAt(i) << 16) | s.charAt(i + 1);
    }
}
