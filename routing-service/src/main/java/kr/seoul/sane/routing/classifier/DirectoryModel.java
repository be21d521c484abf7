package kr.seoul.sane.routing.classifier;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a classification reads, built at once from the directory and the learned examples and swapped
 * atomically, so a classification never sees half of a change: the department codes in directory order, their
 * profiles (term → weight) and the inverted index over them, the {@code notFor} boundaries, the departments that
 * serve one target group with the words naming it, the departments of each 분야, the confirmed examples and the
 * texts operators rejected as vectors.
 */
record DirectoryModel(String[] codes, List<Map<String, Double>> profiles, Map<String, Posting> postings,
                      List<BoundaryRule> boundaries, int[] groupDepartments, List<Set<String>> groupTerms,
                      Map<String, int[]> fieldDepartments, LearnedIndex learned, List<TermVector> negatives) {

    DirectoryModel withLearned(LearnedIndex index) {
        return new DirectoryModel(codes, profiles, postings, boundaries, groupDepartments, groupTerms,
                fieldDepartments, index, negatives);
    }

    DirectoryModel withNegatives(List<TermVector> vectors) {
        return new DirectoryModel(codes, profiles, postings, boundaries, groupDepartments, groupTerms,
                fieldDepartments, learned, List.copyOf(vectors));
    }
}
