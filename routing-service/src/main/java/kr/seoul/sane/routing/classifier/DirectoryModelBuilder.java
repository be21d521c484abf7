package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the directory part of a {@link DirectoryModel}: each department's profile (name ×3, responsibilities ×1.5,
 * keywords and aliases ×1), the {@code notFor} boundaries (a clause's topic joins the profile of the department it
 * names), the target groups, the departments of each 분야, and the inverted index with BM25 IDF over the profiles.
 * Keeps the analysed directory texts of the last build, so a rebuild re-analyses only what changed. Not
 * thread-safe: its owner serialises the builds.
 */
final class DirectoryModelBuilder {

    private static final Pattern CLAUSE_SPLIT = Pattern.compile("[,.]|\\s및\\s");
    /** Words a boundary clause uses to point elsewhere, not topics. */
    private static final Set<String> BOUNDARY_FILLER = Set.of("대상", "하", "사업", "일반", "등", "분야", "예",
            "해당", "부서", "목적", "가", "가다", "만", "경우", "으로", "로", "은", "는", "간다", "정해지", "분명");

    private final TextAnalyzer analyzer;
    /** The analysed directory texts of the last build. */
    private Map<String, TextAnalyzer.Terms> analysed = new HashMap<>();

    DirectoryModelBuilder(TextAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** The model of {@code all} departments (directory order) without learned examples or rejected texts. */
    DirectoryModel build(List<Department> all) {
        Map<String, TextAnalyzer.Terms> cache = new HashMap<>();
        String[] codes = new String[all.size()];
        List<Map<String, Double>> raw = new ArrayList<>();
        int[] groupDepartments = new int[all.size()];
        List<Set<String>> groupTerms = new ArrayList<>();
        Map<String, List<Integer>> fields = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Department d = all.get(i);
            codes[i] = d.code();
            Map<String, Double> p = new HashMap<>();
            add(p, d.name(), 3.0, cache);
            add(p, d.responsibilities(), 1.5, cache);
            add(p, d.keywords(), 1.0, cache);
            add(p, d.aliases(), 1.0, cache);
            raw.add(p);
            if (d.targetGroup() != null && !d.targetGroup().isBlank()) {
                groupDepartments[groupTerms.size()] = i;
                groupTerms.add(Set.copyOf(terms(d.targetGroup(), cache)));
            }
            for (String f : d.fields()) {
                fields.computeIfAbsent(f, k -> new ArrayList<>()).add(i);
            }
        }
        List<BoundaryRule> boundaries = boundaries(all, raw, cache);
        analysed = cache;
        Map<String, Integer> df = new HashMap<>();
        raw.forEach(p -> p.keySet().forEach(t -> df.merge(t, 1, Integer::sum)));
        int n = raw.size();
        List<Map<String, Double>> profiles = new ArrayList<>();
        Map<String, List<double[]>> postingLists = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> w = new HashMap<>();
            int dept = i;
            raw.get(i).forEach((t, sum) -> {
                double weight = 1 + Math.log(sum);
                w.put(t, weight);
                postingLists.computeIfAbsent(t, k -> new ArrayList<>()).add(new double[]{dept, weight});
            });
            profiles.add(Map.copyOf(w));
        }
        Map<String, Posting> postings = new HashMap<>();
        postingLists.forEach((t, list) -> {
            int c = df.get(t);
            int[] depts = new int[list.size()];
            double[] weights = new double[list.size()];
            for (int k = 0; k < list.size(); k++) {
                depts[k] = (int) list.get(k)[0];
                weights[k] = list.get(k)[1];
            }
            postings.put(t, new Posting(Math.log(1 + (n - c + 0.5) / (c + 0.5)), depts, weights));
        });
        Map<String, int[]> fieldDepartments = new HashMap<>();
        fields.forEach((f, list) -> fieldDepartments.put(f, list.stream().mapToInt(Integer::intValue).toArray()));
        return new DirectoryModel(codes, List.copyOf(profiles), Map.copyOf(postings), List.copyOf(boundaries),
                Arrays.copyOf(groupDepartments, groupTerms.size()), List.copyOf(groupTerms),
                Map.copyOf(fieldDepartments), LearnedIndex.of(List.of()), List.of());
    }

    /**
     * Each {@code notFor} clause that names another department: its topic terms become a boundary rule of the
     * declining department and join the named department's raw profile.
     */
    private List<BoundaryRule> boundaries(List<Department> all, List<Map<String, Double>> raw,
                                          Map<String, TextAnalyzer.Terms> cache) {
        List<BoundaryRule> boundaries = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Department d = all.get(i);
            for (String clause : CLAUSE_SPLIT.split(d.notFor() == null ? "" : d.notFor())) {
                for (int j = 0; j < all.size(); j++) {
                    Department target = all.get(j);
                    if (j != i && clause.contains(target.name())) {
                        Set<String> terms = new HashSet<>(terms(clause.replace(target.name(), " "), cache));
                        terms.removeAll(BOUNDARY_FILLER);
                        terms.removeIf(t -> t.length() < 2 && t.matches("\\p{IsHangul}"));
                        if (!terms.isEmpty()) {
                            boundaries.add(new BoundaryRule(i, Set.copyOf(terms), readable(clause)));
                            Map<String, Double> p = raw.get(j);
                            terms.forEach(t -> p.merge(t, 1.0, Double::sum));
                        }
                    }
                }
            }
        }
        return boundaries;
    }

    private List<String> terms(String text, Map<String, TextAnalyzer.Terms> cache) {
        return analysedText(text, cache).terms();
    }

    private TextAnalyzer.Terms analysedText(String text, Map<String, TextAnalyzer.Terms> cache) {
        String key = text == null ? "" : text;
        return cache.computeIfAbsent(key, k -> {
            TextAnalyzer.Terms known = analysed.get(k);
            return known != null ? known : analyzer.analyse(k);
        });
    }

    /** The clause as a reason line: without the "(예:" lead-in and what follows a closing parenthesis. */
    private static String readable(String clause) {
        String c = clause.replaceFirst("^.*\\(예:\\s*", "");
        int close = c.indexOf(')');
        return (close > 0 ? c.substring(0, close) : c).strip();
    }

    /** Adds a directory text to a profile: each term once, with the text's weight times the term's own weight. */
    private void add(Map<String, Double> profile, String text, double weight, Map<String, TextAnalyzer.Terms> cache) {
        TextAnalyzer.Terms terms = analysedText(text, cache);
        Map<String, Double> once = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            once.merge(terms.terms().get(i), terms.weights()[i], Math::max);
        }
        once.forEach((t, w) -> profile.merge(t, weight * w, Double::sum));
    }
}
