package kr.seoul.sane.routing.classifier;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Korean and English text into index terms: Nori morphology (MIXED decompounding keeps 서울시 and 서울/시)
 * for Hangul, an English stemming analyser for Latin words. Only content words count: nouns, roots, foreign words
 * (verbs, adjectives, copulas, dependent nouns and pronouns say how a proposal is written, not what it is about).
 * Thread-safe.
 */
public final class TextAnalyzer implements AutoCloseable {


    /** Single-syllable nouns that still name a topic; other one-syllable tokens are mostly morphology noise. */
    private static final java.util.Set<String> SHORT_TOPICS = java.util.Set.of("숲", "책", "꽃", "약", "집", "빛", "물", "술", "빚");
    /**
     * Words that say how a proposal is carried out (its form: a campaign, a programme, a class, a centre, support,
     * participation) rather than what it is about. They appear in proposals of every topic; a proposal's terms weigh
     * them less (see {@code ClassifierSettings#formWeight}).
     */
    static final java.util.Set<String> FORM_WORDS = java.util.Set.of("캠페인", "프로그램", "운영", "참여", "지원",
            "활동", "센터", "시설", "확인", "안내", "정보", "체험", "교실", "행사", "모집", "단체", "대상", "서비스", "시민",
            "제공", "연계", "구축", "개선", "강사", "홍보", "공간", "장소", "비용", "예산", "기관", "자원봉사", "봉사",
            "프로젝트", "플랫폼", "공동", "발굴", "확대", "조성", "관리", "설치", "제작", "개발");

    /** Words every proposal uses whatever its topic. */
    private static final java.util.Set<String> GENERIC = java.util.Set.of("제안", "협력", "서울", "서울시", "부서", "담당",
            "한국", "대한민국", "우리나라", "국내", "올해", "내년", "이번", "다음", "처음", "입니다", "합니다", "드립니다",
            "분야", "사업", "추진", "희망", "진행", "부탁", "예정", "관련", "방안", "방식", "계획", "필요", "가능", "정도",
            "있", "하", "되", "않", "싶", "드리", "이", "그", "저희", "우리", "당사");

    private static final java.util.Set<POS.Tag> STOP_TAGS = stopTags();
    private final Analyzer korean;
    private final Analyzer english = new EnglishAnalyzer();

    public TextAnalyzer() {
        this(korean(KoreanDictionary.REORDERED));
    }

    /** With another Korean analyser (tests: Nori on its stock dictionary). */
    TextAnalyzer(Analyzer korean) {
        this.korean = korean;
    }

    /** Analysed text: the index terms in order with their weights (1 each today; the query and profiles scale them). */
    public record Terms(List<String> terms, double[] weights) {

        public static final Terms EMPTY = new Terms(List.of(), new double[0]);

        public int size() {
            return terms.size();
        }
    }

    private static java.util.Set<POS.Tag> stopTags() {
        java.util.Set<POS.Tag> tags = java.util.EnumSet.noneOf(POS.Tag.class);
        tags.addAll(KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS);
        tags.addAll(java.util.List.of(POS.Tag.VV, POS.Tag.VA, POS.Tag.VX, POS.Tag.VCP, POS.Tag.VCN, POS.Tag.NNB,
                POS.Tag.NP, POS.Tag.NR));
        return tags;
    }

    /** Nori's dictionary with its context ids numbered for the CPU caches, loaded once per process. */
    private static final class KoreanDictionary {

        static final ReorderedNoriDictionary.Dictionaries REORDERED = load();

        private static ReorderedNoriDictionary.Dictionaries load() {
            List<String> sample = new ArrayList<>();
            for (LabelledItem item : RoutingTrainer.bundledItems()) {
                sample.add(item.proposal().title());
                sample.add(item.proposal().content());
            }
            try {
                return ReorderedNoriDictionary.load(sample);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Nori's dictionary", e);
            }
        }
    }

    /**
     * Nori as Lucene's {@code KoreanAnalyzer} builds it (MIXED decompounding keeps 서울시 and 서울/시; punctuation
     * dropped; the stop tags; Hanja read as Hangul), on {@code dictionaries}. Without its lower-case filter: a term
     * with a cased letter is not Hangul and is dropped below anyway.
     */
    static Analyzer korean(ReorderedNoriDictionary.Dictionaries dictionaries) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
                        dictionaries.system(), dictionaries.unknown(), dictionaries.costs(), null,
                        KoreanTokenizer.DecompoundMode.MIXED, false, true);
                return new TokenStreamComponents(tokenizer,
                        new KoreanReadingFormFilter(new KoreanPartOfSpeechStopFilter(tokenizer, STOP_TAGS)));
            }
        };
    }

    /** Index terms of {@code text}: Korean morphemes (compounds and their parts), then stemmed English words. */
    public List<String> terms(String text) {
        return analyse(text).terms();
    }

    /** Index terms of {@code text} with their weights. */
    public Terms analyse(String text) {
        if (text == null || text.isBlank()) {
            return Terms.EMPTY;
        }
        List<String> out = new ArrayList<>();
        double[] weights = new double[16];
        try (TokenStream ts = korean.tokenStream("t", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                // the checks on the attribute first: most dropped tokens never become a String
                if (!hangulWithDigits(term) || (term.length() == 1 && !SHORT_TOPICS.contains(term.toString()))) {
                    continue;
                }
                String t = term.toString();
                if (!GENERIC.contains(t)) {
                    if (out.size() == weights.length) {
                        weights = java.util.Arrays.copyOf(weights, weights.length * 2);
                    }
                    weights[out.size()] = 1.0;
                    out.add(t);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (hasLatinLetter(text)) {
            // most proposals are Korean only: the English pass runs only when a Latin letter can come out of it
            for (String t : run(english, text)) {
                if (t.length() > 1 && hasLatinLetter(t)) {
                    if (out.size() == weights.length) {
                        weights = java.util.Arrays.copyOf(weights, weights.length * 2);
                    }
                    weights[out.size()] = 1.0;
                    out.add(t);
                }
            }
        }
        return new Terms(List.copyOf(out), java.util.Arrays.copyOf(weights, out.size()));
    }

    /**
     * True when the token is made of Hangul-script characters and ASCII digits, with at least one Hangul one
     * (what {@code [\\p{IsHangul}0-9]+} and not all digits says, without a regex on the hot path).
     */
    static boolean hangulWithDigits(CharSequence t) {
        boolean hangul = false;
        for (int i = 0; i < t.length(); ) {
            int cp = Character.codePointAt(t, i);
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
