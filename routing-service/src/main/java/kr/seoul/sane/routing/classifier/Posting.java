package kr.seoul.sane.routing.classifier;

/** One term of the directory's inverted index: its IDF and the departments whose profile holds it, with the weight. */
record Posting(double idf, int[] departments, double[] weights) {
}
