package kr.seoul.sane.routing.classifier;

import java.util.function.IntPredicate;

/**
 * Which of the {@link NonProposalModel#BUCKETS} feature buckets hold a value, as a bit set with the number of set
 * bits before each 64-bit word: a present bucket's value sits at its rank in a dense array of the present ones.
 * The models' tables over all 2^18 buckets (2 MB of doubles for the detector, 1 MB of row numbers for the
 * department model) made most of a text's few hundred look-ups a cache miss next to Nori's dictionary; this index
 * is 48 KB and the dense values are only those of buckets seen in training. Immutable.
 */
final class BucketRanks {

    private final long[] bits = new long[NonProposalModel.BUCKETS / 64];
    private final int[] before = new int[bits.length];
    private final int size;

    /** The buckets for which {@code present} holds, in ascending order. */
    BucketRanks(IntPredicate present) {
        int count = 0;
        for (int w = 0; w < bits.length; w++) {
            before[w] = count;
            long word = 0;
            for (int i = 0; i < 64; i++) {
                if (present.test(w << 6 | i)) {
                    word |= 1L << i;
                }
            }
            bits[w] = word;
            count += Long.bitCount(word);
        }
        size = count;
    }

    /** How many buckets are present. */
    int size() {
        return size;
    }

    /** The position of {@code bucket} among the present buckets in ascending order, or -1 when it is absent. */
    int rank(int bucket) {
        long word = bits[bucket >>> 6];
        long bit = 1L << bucket;
        if ((word & bit) == 0) {
            return -1;
        }
        return before[bucket >>> 6] + Long.bitCount(word & (bit - 1));
    }
}
