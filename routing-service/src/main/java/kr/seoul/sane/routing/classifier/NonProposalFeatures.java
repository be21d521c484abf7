package kr.seoul.sane.routing.classifier;

import java.util.Collection;

/**
 * Hashes a text into the features of {@link NonProposalModel}: its content words (the analyser's terms) and the
 * character 2- and 3-grams of the title and content, lower-cased, with runs of whitespace as one space and digits
 * as 0. Character n-grams see what the content words leave out and what tells a request from an offer:
 * endings (…해 주세요, …나요?), politeness, numbers and prices, abbreviations and typos.
 */
final class NonProposalFeatures {

    private static final int WORD = 0x9E3779B9;
    private static final int BIGRAM = 0x85EBCA6B;
    private static final int TRIGRAM = 0xC2B2AE35;

    private NonProposalFeatures() {
    }

    /**
     * The distinct feature buckets of a text, ascending: of {@code title + " \n " + content}, normalised without
     * building that string.
     */
    static int[] of(String title, String content, Collection<String> terms) {
        char[] text = new char[title.length() + 3 + content.length()];
        int length = normalise(content, text, normalise(" \n ", text, normalise(title, text, 0)));
        int[] out = new int[terms.size() + 2 * length];
        int n = 0;
        for (String t : terms) {
            out[n++] = bucket(t.hashCode() ^ WORD);
        }
        for (int i = 0; i + 1 < length; i++) {
            int two = text[i] * 65_599 + text[i + 1];
            out[n++] = bucket(two ^ BIGRAM);
            if (i + 2 < length) {
                out[n++] = bucket((two * 65_599 + text[i + 2]) ^ TRIGRAM);
            }
        }
        return distinctSorted(out, n);
    }

    /** The distinct buckets of the content words alone, ascending (the department model's features). */
    static int[] words(Collection<String> terms) {
        int[] out = new int[terms.size()];
        int n = 0;
        for (String t : terms) {
            out[n++] = bucket(t.hashCode() ^ WORD);
        }
        return distinctSorted(out, n);
    }

    /**
     * The distinct values of {@code out[0..n)} (buckets), ascending: marked in a bit set of all buckets, then read
     * back in order (a text has a few hundred features; sorting them cost more than this).
     */
    private static int[] distinctSorted(int[] out, int n) {
        return SEEN.get().distinctSorted(out, n);
    }

    private static final ThreadLocal<BucketBits> SEEN = ThreadLocal.withInitial(BucketBits::new);

    /** A bit per bucket and a bit per 64 buckets that has one set; left cleared after each use. */
    private static final class BucketBits {

        private final long[] bits = new long[NonProposalModel.BUCKETS / 64];
        private final long[] words = new long[bits.length / 64];

        int[] distinctSorted(int[] values, int n) {
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                int b = values[i];
                int w = b >>> 6;
                long bit = 1L << b;
                if ((bits[w] & bit) == 0) {
                    bits[w] |= bit;
                    words[w >>> 6] |= 1L << w;
                    distinct++;
                }
            }
            int[] sorted = new int[distinct];
            int k = 0;
            for (int s = 0; s < words.length; s++) {
                for (long ws = words[s]; ws != 0; ws &= ws - 1) {
                    int w = s << 6 | Long.numberOfTrailingZeros(ws);
                    for (long bs = bits[w]; bs != 0; bs &= bs - 1) {
                        sorted[k++] = w << 6 | Long.numberOfTrailingZeros(bs);
                    }
                    bits[w] = 0;
                }
                words[s] = 0;
            }
            return sorted;
        }
    }

    /**
     * Appends {@code s} to {@code out} from {@code n} lower-cased, digits as 0, a run of whitespace as one space
     * (none at the start of the text: {@code n == 0} or a space before); returns the new length.
     */
    private static int normalise(String s, char[] out, int n) {
        boolean space = n == 0 || out[n - 1] == ' ';
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (Character.isWhitespace(c)) {
                if (!space) {
                    out[n++] = ' ';
                }
                space = true;
                continue;
            }
            out[n++] = c >= '0' && c <= '9' ? '0' : c;
            space = false;
        }
        return n;
    }

    /** A well-mixed bucket of a hash (the finaliser of MurmurHash3), so similar n-grams spread over the table. */
    private static int bucket(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h & (NonProposalModel.BUCKETS - 1);
    }
}
