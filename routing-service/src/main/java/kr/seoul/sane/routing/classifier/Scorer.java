package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a proposal against every department of a {@link DirectoryModel}, BM25-style: rare terms weigh more, repeated
 * terms saturate; what the text says it is not about ({@link Negation}) is not read. Then the title's own match is
 * added, the {@code notFor} boundaries, absent target groups and the applicant's 분야 scale the departments, and the
 * nearest confirmed examples vote. Thread-safe (no state).
 */
final class Scorer {

    /** BM25's term-frequency saturation. */
    private static final double K1 = 1.2;
    /** How many confirmed examples vote. */
    private static final int NEIGHBOURS = 3;
    /** The least cosine similarity of a confirmed example that votes. */
    private static final double MIN_SIMILARITY = 0.1;

    private final TextAnalyzer analyzer;
    private final QueryTerms queryTerms;
    private final ClassifierSettings settings;

    Scorer(TextAnalyzer analyzer, QueryTerms queryTerms, ClassifierSettings settings) {
        this.analyzer = analyzer;
        this.queryTerms = queryTerms;
        this.settings = settings;
    }

    /** BM25's saturating weight of a term that occurs {@code tf} times. */
    static double saturation(double tf) {
        return tf * (K1 + 1) / (tf + K1);
    }

    Scoring score(ProposalText p, DirectoryModel m) {
        return score(p, m, DepartmentModel.NONE, null);
    }

    /**
     * Scores {@code p}; the learned department model's logits ({@code given} when not null, else
     * {@code departments}' own) multiply each score by {@code exp(departmentWeight × logit / sharpness)}.
     */
    Scoring score(ProposalText p, DirectoryModel m, DepartmentModel departments, double[] given) {
        Map<String, Posting> postings = m.postings();
        TextAnalyzer.Terms title = analyzer.analyse(Negation.blankNegated(p.title()));
        TextAnalyzer.Terms content = analyzer.analyse(Negation.blankNegated(p.content()));
        Map<String, Double> q = queryTerms.of(title, content);
        int[] features = NonProposalFeatures.of(p.title(), p.content(), q.keySet());
        int[] words = NonProposalFeatures.words(q.keySet());
        int meaningful = 0;
        int n = m.codes().length;
        double[] scores = new double[n];
        for (var qt : q.entrySet()) {
            Posting posting = postings.get(qt.getKey());
            if (posting == null) {
                if (qt.getKey().length() >= 2 && isHangulWord(qt.getKey())) {
                    meaningful++;
                }
                continue;
            }
            meaningful++;
            double saturation = saturation(qt.getValue());
            int[] depts = posting.departments();
            double[] weights = posting.weights();
            for (int k = 0; k < depts.length; k++) {
                scores[depts[k]] += posting.idf() * weights[k] * saturation;
            }
        }
        double[] titleScores = titleScores(title, postings, n);
        double evidence = 0;
        for (double s : scores) {
            evidence = Math.max(evidence, s);
        }

        double[] factor = new double[n];
        Arrays.fill(factor, 1.0);
        List<BoundaryRule> boundaryReasons = boundaries(m, q, factor);
        boolean[] groupMentioned = targetGroups(m, q, factor);
        if (p.field() != null) {
            int[] fieldDepts = m.fieldDepartments().get(p.field());
            if (fieldDepts != null) {
                for (int d : fieldDepts) {
                    factor[d] *= (1 + settings.fieldPrior());
                }
            }
        }
        double titleEvidence = 0;
        int titleBest = -1;
        for (int d = 0; d < n; d++) {
            titleScores[d] *= factor[d];
            scores[d] = scores[d] * factor[d] + settings.titleBoost() * titleScores[d];
            if (titleScores[d] > titleEvidence) {
                titleEvidence = titleScores[d];
                titleBest = d;
            }
        }

        if (settings.departmentWeight() > 0) {
            double[] logits = given != null ? given : departments.logitsFor(words, m.codes());
            if (logits != null) {
                for (int d = 0; d < n; d++) {
                    scores[d] *= Math.exp(settings.departmentWeight() * logits[d] / settings.sharpness());
                }
            }
        }
        TermVector v = m.learned().isEmpty() && m.negatives().isEmpty() ? null : TermVector.of(q, postings);
        Map<String, Double> learnedSim = m.learned().isEmpty() ? Map.of() : vote(m, v, evidence, scores);
        int[] order = rank(scores, m.codes());
        BroadMandate.applyLead(scores, order, m.codes(), settings);
        return new Scoring(m, q, meaningful, scores, order, evidence, titleBest, titleEvidence, boundaryReasons,
                groupMentioned, learnedSim, v, features, words);
    }

    /** The title on its own: an independent witness of the topic (a title names what the proposal is about). */
    private static double[] titleScores(TextAnalyzer.Terms title, Map<String, Posting> postings, int n) {
        double[] titleScores = new double[n];
        Map<String, Double> titleOnce = new HashMap<>();
        for (int i = 0; i < title.size(); i++) {
            titleOnce.merge(title.terms().get(i), title.weights()[i], Math::max);
        }
        for (var e : titleOnce.entrySet()) {
            Posting posting = postings.get(e.getKey());
            if (posting != null) {
                int[] depts = posting.departments();
                double[] weights = posting.weights();
                for (int k = 0; k < depts.length; k++) {
                    titleScores[depts[k]] += posting.idf() * weights[k] * e.getValue();
                }
            }
        }
        return titleScores;
    }

    /** Lowers each department whose boundary the proposal mentions (most of the clause's terms); those rules. */
    private List<BoundaryRule> boundaries(DirectoryModel m, Map<String, Double> q, double[] factor) {
        List<BoundaryRule> boundaryReasons = new ArrayList<>();
        for (BoundaryRule rule : m.boundaries()) {
            int hits = 0;
            for (String t : rule.terms()) {
                if (q.containsKey(t)) {
                    hits++;
                }
            }
            if (hits > 0 && hits * 2 > rule.terms().size()) {
                factor[rule.owner()] *= settings.boundaryPenalty();
                boundaryReasons.add(rule);
            }
        }
        return boundaryReasons;
    }

    /** Lowers each department serving one group that the proposal does not name; which ones it names. */
    private boolean[] targetGroups(DirectoryModel m, Map<String, Double> q, double[] factor) {
        boolean[] groupMentioned = new boolean[factor.length];
        int[] groupDepartments = m.groupDepartments();
        for (int g = 0; g < groupDepartments.length; g++) {
            boolean mentioned = false;
            for (String t : m.groupTerms().get(g)) {
                if (q.containsKey(t)) {
                    mentioned = true;
                    break;
                }
            }
            if (mentioned) {
                groupMentioned[groupDepartments[g]] = true;
            } else {
                factor[groupDepartments[g]] *= settings.absentGroupPenalty();
            }
        }
        return groupMentioned;
    }

    /**
     * The nearest confirmed examples vote for their department, weighted by similarity and the evidence; returns
     * the best similarity per voting department.
     */
    private Map<String, Double> vote(DirectoryModel m, TermVector v, double evidence, double[] scores) {
        Map<String, Double> learnedSim = new HashMap<>();
        LearnedIndex.Neighbours nearest = m.learned().nearest(v, NEIGHBOURS, MIN_SIMILARITY);
        double base = Math.max(evidence, 1e-9);
        for (int k = 0; k < nearest.found(); k++) {
            String code = nearest.codes()[k];
            double sim = nearest.similarities()[k];
            for (int d = 0; d < scores.length; d++) {
                if (m.codes()[d].equals(code)) {
                    scores[d] += settings.learnedWeight() * sim * base;
                }
            }
            learnedSim.merge(code, sim, Math::max);
        }
        return learnedSim;
    }

    /** Department indexes by descending score, ties by code; a partial selection sort of the few that matter. */
    static int[] rank(double[] scores, String[] codes) {
        int n = scores.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int best = i;
            for (int j = i + 1; j < n; j++) {
                int a = order[j];
                int b = order[best];
                if (scores[a] > scores[b] || (scores[a] == scores[b] && codes[a].compareTo(codes[b]) < 0)) {
                    best = j;
                }
            }
            int tmp = order[i];
            order[i] = order[best];
            order[best] = tmp;
            if (scores[order[i]] <= 0) {
                // the rest score zero too; keep them in code order for a stable result
                int[] rest = Arrays.copyOfRange(order, i, n);
                Integer[] boxed = new Integer[rest.length];
                for (int k = 0; k < rest.length; k++) {
                    boxed[k] = rest[k];
                }
                Arrays.sort(boxed, (x, y) -> codes[x].compareTo(codes[y]));
                for (int k = 0; k < boxed.length; k++) {
                    order[i + k] = boxed[k];
                }
                break;
            }
        }
        return order;
    }

    private static boolean isHangulWord(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 0xAC00 && c <= 0xD7A3) && Character.UnicodeScript.of(c) != Character.UnicodeScript.HANGUL) {
                return false;
            }
        }
        return !t.isEmpty();
    }
}
