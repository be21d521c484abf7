package kr.seoul.sane.routing.classifier;

import java.util.HashMap;
import java.util.Map;

/** A text's TF-IDF vector (log term frequency times the directory's IDF) with its norm, for cosine similarity. */
record TermVector(Map<String, Double> weights, double norm) {

    /** The vector of term frequencies {@code q} under the IDF of {@code postings} (1 for a term no profile holds). */
    static TermVector of(Map<String, Double> q, Map<String, Posting> postings) {
        Map<String, Double> w = new HashMap<>();
        double norm = 0;
        for (var e : q.entrySet()) {
            Posting posting = postings.get(e.getKey());
            double x = (1 + Math.log(e.getValue())) * (posting == null ? 1.0 : posting.idf());
            w.put(e.getKey(), x);
            norm += x * x;
        }
        return new TermVector(w, Math.sqrt(norm));
    }

    static double cosine(TermVector a, TermVector b) {
        if (a.norm() == 0 || b.norm() == 0) {
            return 0;
        }
        Map<String, Double> small = a.weights().size() < b.weights().size() ? a.weights() : b.weights();
        Map<String, Double> large = small == a.weights() ? b.weights() : a.weights();
        double dot = 0;
        for (var e : small.entrySet()) {
            Double o = large.get(e.getKey());
            if (o != null) {
                dot += e.getValue() * o;
            }
        }
        return dot / (a.norm() * b.norm());
    }
}
