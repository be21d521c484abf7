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

/**
 * Turns Korean and English text into index terms: Nori morphology (MIXED decompounding keeps 서울시 and 서울/시)
 * for Hangul, an English stemming analyser for Latin words. Thread-safe.
 */
public final class TextAnalyzer implements AutoCloseable {


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
            if (hangulWithDigits(t) && (t.length() > 1 || SHORT_TOPICS.contains(t)) && !GENERIC.contains(t)) {
                out.add(t);
            }
        }
        if (hasLatinLetter(text)) {
            // most proposals are Korean only: the English pass runs only when a Latin letter can come out of it
            for (String t : run(english, text)) {
                if (t.length() > 1 && hasLatinLetter(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * True when the token is made of Hangul-script characters and ASCII digits, with at least one Hangul one
     * (what {@code [\\p{IsHangul}0-9]+} and not all digits says, without a regex on the hot path).
     */
    static boolean hangulWithDigits(String t) {
        boolean hangul = false;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= '0' && cp <= '9') {
                continue;
            }
            if ((cp >= 0xAC00 && cp <= 0xD7A3) || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL) {
                hangul = true;
            } else {
                return false;
            }
        }
        return hangul;
    }

    /** True when a character lower-cases to a-z (what the English pass keeps). */
    private static boolean hasLatinLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
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
