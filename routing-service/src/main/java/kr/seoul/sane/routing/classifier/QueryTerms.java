package kr.seoul.sane.routing.classifier;

import java.util.HashMap;
import java.util.Map;

/**
 * A proposal's terms as the scoring reads them: term frequencies of title and content, a title term counting
 * {@code titleWeight} times, a form word ({@link TextAnalyzer#FORM_WORDS}) {@code formWeight}, a compound's part
 * partly (its analysed weight).
 */
final class QueryTerms {

    private final TextAnalyzer analyzer;
    private final double titleWeight;
    private final double formWeight;

    QueryTerms(TextAnalyzer analyzer, ClassifierSettings settings) {
        this.analyzer = analyzer;
        this.titleWeight = settings.titleWeight();
        this.formWeight = settings.formWeight();
    }

    Map<String, Double> of(String title, String content) {
        return of(analyzer.analyse(Negation.blankNegated(title)), analyzer.analyse(Negation.blankNegated(content)));
    }

    Map<String, Double> of(TextAnalyzer.Terms title, TextAnalyzer.Terms content) {
        Map<String, Double> q = new HashMap<>(2 * (title.size() + content.size()));
        double form = formWeight;
        for (int i = 0; i < title.size(); i++) {
            String t = title.terms().get(i);
            q.merge(t, titleWeight * title.weights()[i] * (TextAnalyzer.FORM_WORDS.contains(t) ? form : 1), Double::sum);
        }
        for (int i = 0; i < content.size(); i++) {
            String t = content.terms().get(i);
            q.merge(t, content.weights()[i] * (TextAnalyzer.FORM_WORDS.contains(t) ? form : 1), Double::sum);
        }
        return q;
    }
}
