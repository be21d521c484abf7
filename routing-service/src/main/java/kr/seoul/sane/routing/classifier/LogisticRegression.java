package kr.seoul.sane.routing.classifier;

import java.util.List;

/**
 * Fits the logistic model behind the classifier's confidence: P(first department is right | features), by Newton's
 * method with an L2 penalty on the weights (not on the intercept). Used by {@code route-eval --cv} to re-fit the
 * model on part of a labelled file and measure it on the rest, and by the tests.
 */
public final class LogisticRegression {

    /** Penalty of the production fit (small: it only keeps the fit finite when the classes separate). */
    public static final double LAMBDA = 0.1;

    /** One proposal that reached the threshold step: its features and whether the first department was right. */
    public record Sample(double[] features, boolean correct) {
    }

    private LogisticRegression() {
    }

    /** Weights {intercept, w1..wk}. */
    public static double[] fit(List<Sample> samples, double lambda) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to fit");
        }
        int k = samples.getFirst().features().length + 1;
        double[] w = new double[k];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] gradient = new double[k];
            double[][] hessian = new double[k][k];
            for (Sample s : samples) {
                double[] x = withIntercept(s.features());
                double p = predict(w, s.features());
                double y = s.correct() ? 1 : 0;
                for (int i = 0; i < k; i++) {
                    gradient[i] += (p - y) * x[i];
                    for (int j = 0; j < k; j++) {
                        hessian[i][j] += p * (1 - p) * x[i] * x[j];
                    }
                }
            }
            for (int i = 1; i < k; i++) {
                gradient[i] += lambda * w[i];
                hessian[i][i] += lambda;
            }
            double[] step = solve(hessian, gradient);
            double change = 0;
            for (int i = 0; i < k; i++) {
                w[i] -= step[i];
                change = Math.max(change, Math.abs(step[i]));
            }
            if (change < 1e-9) {
                break;
            }
        }
        return w;
    }

    public static double predict(double[] w, double[] features) {
        double z = w[0];
        for (int i = 0; i < features.length; i++) {
            z += w[i + 1] * features[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] withIntercept(double[] features) {
        double[] x = new double[features.length + 1];
        x[0] = 1;
        System.arraycopy(features, 0, x, 1, features.length);
        return x;
    }

    /** Gaussian elimination with partial pivoting (the systems are 4 x 4). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            if (Math.abs(m[col][col]) < 1e-12) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(m[i][i]) < 1e-12 ? 0 : m[i][n] / m[i][i];
        }
        return x;
    }
}
