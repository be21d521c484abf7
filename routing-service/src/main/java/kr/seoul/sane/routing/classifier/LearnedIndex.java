package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned examples (operator corrections) as an inverted index: a classification touches only the examples that
 * share a term with the proposal, so the search does not grow with every stored correction.
 */
record LearnedIndex(List<LearnedVector> vectors, String[] codes, double[] norms, Map<String, LearnedPosting> postings) {

    /** One confirmed example's vector and its department. */
    record LearnedVector(TermVector vector, String departmentCode) {
    }

    /** The examples holding one term, with the term's weight in each. */
    record LearnedPosting(int[] examples, double[] weights) {
    }

    /** The nearest examples, most similar first: their departments and similarities ({@code found} of them). */
    record Neighbours(String[] codes, double[] similarities, int found) {
    }

    static LearnedIndex of(List<LearnedVector> vectors) {
        String[] codes = new String[vectors.size()];
        double[] norms = new double[vectors.size()];
        Map<String, List<double[]>> lists = new HashMap<>();
        for (int i = 0; i < vectors.size(); i++) {
            LearnedVector lv = vectors.get(i);
            codes[i] = lv.departmentCode();
            norms[i] = lv.vector().norm();
            int id = i;
            lv.vector().weights().forEach((t, w) -> lists.computeIfAbsent(t, k -> new ArrayList<>()).add(new double[]{id, w}));
        }
        Map<String, LearnedPosting> postings = new HashMap<>();
        lists.forEach((t, list) -> {
            int[] ids = new int[list.size()];
            double[] weights = new double[list.size()];
            for (int k = 0; k < list.size(); k++) {
                ids[k] = (int) list.get(k)[0];
                weights[k] = list.get(k)[1];
            }
            postings.put(t, new LearnedPosting(ids, weights));
        });
        return new LearnedIndex(List.copyOf(vectors), codes, norms, Map.copyOf(postings));
    }

    int size() {
        return codes.length;
    }

    boolean isEmpty() {
        return codes.length == 0;
    }

    /**
     * The {@code count} examples most similar to {@code v} with a cosine of at least {@code minSimilarity} (earlier
     * examples win ties); dot products only for the examples that share a term with {@code v}.
     */
    Neighbours nearest(TermVector v, int count, double minSimilarity) {
        double[] dot = new double[size()];
        for (var e : v.weights().entrySet()) {
            LearnedPosting posting = postings.get(e.getKey());
            if (posting != null) {
                int[] ids = posting.examples();
                double[] weights = posting.weights();
                for (int k = 0; k < ids.length; k++) {
                    dot[ids[k]] += e.getValue() * weights[k];
                }
            }
        }
        String[] nearest = new String[count];
        double[] nearestSim = new double[count];
        int found = 0;
        for (int id = 0; id < dot.length; id++) {
            if (dot[id] == 0 || v.norm() == 0) {
                continue;
            }
            double sim = dot[id] / (v.norm() * norms[id]);
            if (sim < minSimilarity || (found == count && sim <= nearestSim[count - 1])) {
                continue;
            }
            int at = Math.min(found, count - 1);
            while (at > 0 && nearestSim[at - 1] < sim) {
                if (at < count) {
                    nearest[at] = nearest[at - 1];
                    nearestSim[at] = nearestSim[at - 1];
                }
                at--;
            }
            nearest[at] = codes[id];
            nearestSim[at] = sim;
            found = Math.min(found + 1, count);
        }
        return new Neighbours(nearest, nearestSim, found);
    }
}
