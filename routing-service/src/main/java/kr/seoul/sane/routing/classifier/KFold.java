package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic k-fold split: the item indexes in an order shuffled by a seeded random generator, dealt to the
 * folds in turn, so every item is held out exactly once and the folds differ in size by at most one.
 */
public final class KFold {

    private final int[] foldOf;
    private final int k;

    private KFold(int[] foldOf, int k) {
        this.foldOf = foldOf;
        this.k = k;
    }

    public static KFold of(int items, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("at least two folds");
        }
        int[] order = new int[items];
        for (int i = 0; i < items; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int[] foldOf = new int[items];
        for (int position = 0; position < items; position++) {
            foldOf[order[position]] = position % folds;
        }
        return new KFold(foldOf, folds);
    }

    public int folds() {
        return k;
    }

    public int foldOf(int item) {
        return foldOf[item];
    }

    /** The indexes held out in {@code fold}, ascending. */
    public List<Integer> heldOut(int fold) {
        return select(fold, true);
    }

    /** The indexes the model of {@code fold} is fitted on: every item not held out in it, ascending. */
    public List<Integer> training(int fold) {
        return select(fold, false);
    }

    private List<Integer> select(int fold, boolean held) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < foldOf.length; i++) {
            if ((foldOf[i] == fold) == held) {
                out.add(i);
            }
        }
        return out;
    }
}
