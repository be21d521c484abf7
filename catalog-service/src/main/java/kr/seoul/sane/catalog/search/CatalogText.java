package kr.seoul.sane.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The catalogue's Korean text analysis (Lucene Nori, mixed decompounding, the default part-of-speech stop tags): the
 * terms of a text as the index holds them, and the segments of a displayed text that match a query's terms.
 */
final class CatalogText {

    private final Analyzer analyzer = new KoreanAnalyzer(null, KoreanTokenizer.DecompoundMode.MIXED,
            KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS, false);
    /** The index field whose analysis is used (every text field is analysed alike). */
    private final String field;

    CatalogText(String field) {
        this.field = field;
    }

    Analyzer analyzer() {
        return analyzer;
    }

    /** The analysed terms of {@code text}, in order (none for a blank text). */
    List<String> analyze(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /** Splits {@code text} into plain and matching segments for the given query terms. */
    List<Segment> highlight(String text, Set<String> terms) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        if (terms.isEmpty()) {
            return List.of(new Segment(text, false));
        }
        boolean[] marked = new boolean[text.length()];
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (terms.contains(term.toString())) {
                    for (int i = offset.startOffset(); i < Math.min(offset.endOffset(), text.length()); i++) {
                        marked[i] = true;
                    }
                }
            }
            stream.end();
        } catch (IOException e) {
            return List.of(new Segment(text, false));
        }
        List<Segment> segments = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || marked[i] != marked[start]) {
                segments.add(new Segment(text.substring(start, i), marked[start]));
                start = i;
            }
        }
        return segments;
    }
}
