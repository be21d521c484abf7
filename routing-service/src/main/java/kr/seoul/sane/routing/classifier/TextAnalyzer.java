package kr.seoul.sane.routing.classifier;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns Korean and English text into index terms: Nori morphology (MIXED decompounding keeps 서울시 and 서울/시)
 * for Hangul, an English stemming analyser for Latin words. Thread-safe.
 */
public final class TextAnalyzer implements AutoCloseable {

    private static final Pattern HANGUL_OR_DIGIT = Pattern.compile("[\\p{IsHangul}0-9]+");
    private static final Pattern LATIN = Pattern.compile(".*[a-z].*");

    /** Single-syllable nouns that still name a topic; other one-syllable tokens are mostly morphology noise. */
    private static final java.util.Set<String> SHORT_TOPICS = java.util.Set.of("숲", "책", "꽃", "약", "집", "빛", "물", "술", "빚");
    /** Words every proposal uses whatever its topic. */
    private static final java.util.Set<String> GENERIC = java.util.Set.of("제안", "협력", "서울", "서울시", "부서", "담당",
            "분야", "사업", "추진", "희망", "진행", "부탁", "예정", "관련", "방안", "방식", "계획", "필요", "가능", "정도",
            "있", "하", "되", "않", "싶", "드리", "이", "그", "저희", "우리", "당사");

    private final Analyzer korean = new KoreanAnalyzer(null, KoreanTokenizer.DecompoundMode.MIXED,
            KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS, false);
    private final Analyzer english = new EnglishAnalyzer();

    /** Index terms of {@code text}: Korean morphemes (compounds and their parts), then stemmed English words. */
    public List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String t : run(korean, text)) {
            if (HANGUL_OR_DIGIT.matcher(t).matches() && !t.chars().allMatch(Character::isDigit)
                    && (t.length() > 1 || SHORT_TOPICS.contains(t)) && !GENERIC.contains(t)) {
                out.add(t);
            }
        }
        for (String t : run(english, text)) {
            if (LATIN.matcher(t).matches() && t.length() > 1) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> run(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("t", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        korean.close();
        english.close();
    }
}
