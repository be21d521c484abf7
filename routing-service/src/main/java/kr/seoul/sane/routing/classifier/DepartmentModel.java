package kr.seoul.sane.routing.classifier;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The learned department model next to the directory: a multinomial logistic (softmax) regression over the hashed
 * features of {@link NonProposalFeatures} (Nori / English content words and character 2- and 3-grams, each once,
 * the vector scaled to unit length), trained on labelled proposals with the directory's scores as offsets
 * ({@link #offsets}): P(department | text) = softmax(directory offsets + learned logits), so the model learns where
 * the directory goes wrong (a word that moves a text from one department to its neighbour) rather than the whole
 * task from ten texts a department. {@link Scorer} multiplies each directory score by
 * {@code exp(weight × logit / sharpness)}, the weight chosen by cross-validation in
 * {@link DepartmentModelSelection}. Only buckets seen in training have a row, so the table stays small. Immutable
 * and thread-safe.
 */
public final class DepartmentModel {

    /** The untrained model: adds nothing. */
    public static final DepartmentModel NONE = new DepartmentModel(new String[0], new int[0], new float[0], 0, 0);

    /**
     * One training text: its feature buckets, its department, and the directory's view of it as offsets in the
     * directory order ({@link #offsets}): the model learns what the directory gets wrong, not the whole task.
     */
    public record Example(int[] features, String departmentCode, double[] offsets) {
    }

    /** Departments the directory scores zero stay out of reach: their offset is this share of the best score. */
    private static final double FLOOR = 0.01;

    /** Passes of stochastic gradient descent over the examples. */
    private static final int EPOCHS = 60;
    /** The first step size (the input vectors have unit length); it decays as 1 / (1 + passes). */
    private static final double LEARNING_RATE = 5;

    private final String[] codes;
    /** The buckets seen in training; a bucket's row is its rank among them. */
    private final BucketRanks rows;
    /** {@code rows × classes} weights, row-major, the rows in bucket order; the last row is the bias. */
    private final float[] weights;
    private final double regularisation;
    private final int trainedOn;

    /**
     * A model of {@code rowWeights}, whose rows are in the order of {@code rowOf} (the row of each bucket, -1 for
     * unseen; empty for {@link #NONE}) with the bias last.
     */
    private DepartmentModel(String[] codes, int[] rowOf, float[] rowWeights, double regularisation, int trainedOn) {
        int classes = codes.length;
        this.codes = codes;
        this.rows = new BucketRanks(b -> b < rowOf.length && rowOf[b] >= 0);
        this.weights = new float[rowWeights.length];
        for (int b = 0; b < rowOf.length; b++) {
            if (rowOf[b] >= 0) {
                System.arraycopy(rowWeights, rowOf[b] * classes, weights, rows.rank(b) * classes, classes);
            }
        }
        int bias = rowWeights.length - classes;
        System.arraycopy(rowWeights, bias, weights, bias, classes);
        this.regularisation = regularisation;
        this.trainedOn = trainedOn;
    }

    /**
     * Fits the model on {@code examples} over the departments {@code codes} (directory order; examples of other codes
     * are skipped) by stochastic gradient descent in an order shuffled by {@code seed}, with L2 penalty
     * {@code regularisation}.
     */
    public static DepartmentModel fit(String[] codes, List<Example> examples, double regularisation, long seed) {
        int classes = codes.length;
        List<String> codeList = Arrays.asList(codes);
        int[] label = new int[examples.size()];
        int[] rowOf = new int[NonProposalModel.BUCKETS];
        Arrays.fill(rowOf, -1);
        int rows = 0;
        int used = 0;
        for (int i = 0; i < examples.size(); i++) {
            label[i] = codeList.indexOf(examples.get(i).departmentCode());
            if (label[i] >= 0 && examples.get(i).offsets() == null) {
                label[i] = -1;
            }
            if (label[i] < 0) {
                continue;
            }
            used++;
            for (int f : examples.get(i).features()) {
                if (rowOf[f] < 0) {
                    rowOf[f] = rows++;
                }
            }
        }
        if (used == 0) {
            return NONE;
        }
        int bias = rows;
        double[] w = new double[(rows + 1) * classes];
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double[] p = new double[classes];
        int step = 0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int i : order) {
                if (label[i] < 0) {
                    continue;
                }
                int[] features = examples.get(i).features();
                double x = features.length == 0 ? 0 : 1 / Math.sqrt(features.length);
                Arrays.fill(p, 0);
                for (int f : features) {
                    int base = rowOf[f] * classes;
                    for (int c = 0; c < classes; c++) {
                        p[c] += w[base + c] * x;
                    }
                }
                double[] offsets = examples.get(i).offsets();
                for (int c = 0; c < classes; c++) {
                    p[c] += w[bias * classes + c] + offsets[c];
                }
                softmax(p);
                double rate = LEARNING_RATE / (1 + step++ / (double) used);
                double decay = 1 - rate * regularisation;
                p[label[i]] -= 1;
                for (int f : features) {
                    int base = rowOf[f] * classes;
                    for (int c = 0; c < classes; c++) {
                        w[base + c] = w[base + c] * decay - rate * p[c] * x;
                    }
                }
                for (int c = 0; c < classes; c++) {
                    w[bias * classes + c] -= rate * p[c];
                }
            }
        }
        float[] weights = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            weights[k] = (float) w[k];
        }
        return new DepartmentModel(codes.clone(), rowOf, weights, regularisation, used);
    }

    /**
     * The directory's scores as offsets of the softmax: {@code sharpness × ln(score / best)} (the log of the
     * candidate shares of {@link Confidence}), a department that scores zero at the floor; null when nothing matched.
     */
    static double[] offsets(double[] scores, double sharpness) {
        double best = 0;
        for (double v : scores) {
            best = Math.max(best, v);
        }
        if (best <= 0) {
            return null;
        }
        double[] o = new double[scores.length];
        for (int d = 0; d < scores.length; d++) {
            o[d] = sharpness * Math.log(Math.max(scores[d], FLOOR * best) / best);
        }
        return o;
    }

    /**
     * The model's correction of the directory for a text, one logit per department in the order of
     * {@link #codes()}, centred on zero; null for {@link #NONE}. {@link Scorer} multiplies each department's score by
     * {@code exp(weight × logit / sharpness)}.
     */
    public double[] logits(int[] features) {
        if (trainedOn == 0) {
            return null;
        }
        int classes = codes.length;
        double[] z = new double[classes];
        double x = features.length == 0 ? 0 : 1 / Math.sqrt(features.length);
        for (int f : features) {
            int row = rows.rank(f);
            if (row >= 0) {
                int base = row * classes;
                for (int c = 0; c < classes; c++) {
                    z[c] += weights[base + c] * x;
                }
            }
        }
        int bias = (weights.length / classes - 1) * classes;
        double mean = 0;
        for (int c = 0; c < classes; c++) {
            z[c] += weights[bias + c];
            mean += z[c] / classes;
        }
        for (int c = 0; c < classes; c++) {
            z[c] -= mean;
        }
        return z;
    }

    /**
     * {@link #logits} in the order of {@code directoryCodes}: the same array when the model was fitted on exactly
     * those departments, otherwise matched by code (a department added after the fit gets 0, one retired since is
     * left out).
     */
    public double[] logitsFor(int[] features, String[] directoryCodes) {
        double[] z = logits(features);
        if (z == null || Arrays.equals(codes, directoryCodes)) {
            return z;
        }
        double[] out = new double[directoryCodes.length];
        for (int d = 0; d < directoryCodes.length; d++) {
            for (int c = 0; c < codes.length; c++) {
                if (codes[c].equals(directoryCodes[d])) {
                    out[d] = z[c];
                    break;
                }
            }
        }
        return out;
    }

    private static void softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
    }

    /** The departments of the output, directory order. */
    public String[] codes() {
        return codes.clone();
    }

    /** How many labelled texts the model was fitted on (0 for {@link #NONE}). */
    public int trainedOn() {
        return trainedOn;
    }

    @Override
    public String toString() {
        return "DepartmentModel[trainedOn=" + trainedOn + ", regularisation=" + regularisation + "]";
    }
}
