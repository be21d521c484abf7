package kr.seoul.sane.routing.classifier;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.dict.ConnectionCosts;
import org.apache.lucene.analysis.ko.dict.TokenInfoDictionary;
import org.apache.lucene.analysis.ko.dict.UnknownDictionary;
import org.apache.lucene.analysis.ko.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.ko.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Nori on the renumbered dictionary finds exactly the tokens of Nori on its stock dictionary. */
class ReorderedNoriDictionaryTest {

    static ReorderedNoriDictionary.Dictionaries reordered;
    static ReorderedNoriDictionary.Dictionaries stock;
    static List<String> texts;

    @BeforeAll
    static void load() throws IOException {
        texts = new ArrayList<>();
        for (LabelledItem item : RoutingTrainer.bundledItems()) {
            texts.add(item.proposal().title());
            texts.add(item.proposal().content());
        }
        // the sample the numbering is counted on: half of the texts, so the other half are texts it never saw
        reordered = ReorderedNoriDictionary.load(texts.subList(0, texts.size() / 2));
        stock = new ReorderedNoriDictionary.Dictionaries(TokenInfoDictionary.getInstance(),
                UnknownDictionary.getInstance(), ConnectionCosts.getInstance());
        for (Department d : DepartmentDirectory.fromClasspath().all()) {
            texts.addAll(List.of(d.name(), d.responsibilities(), d.notFor(), d.keywords(), d.aliases()));
        }
        texts.addAll(List.of(
                "", " ", "\n\n", "ㅋㅋㅋ ㅎㅎ ㅠㅠ", "시민參與 協力 提案書 — 漢字 읽기", "서울시청에서MOU체결(2024.3.1) 100% 무료!!!",
                "Seoul city × 스타트업 pilot: AI 기반 교통 데이터 분석 😀 👍🏽 𝓢𝓮𝓸𝓾𝓵",
                "띄어쓰기없이아주긴문장을계속이어서쓰면형태소분석기가한번에처리해야하는구간이길어집니다".repeat(40),
                "1. 귀 시의 무궁한 발전을 기원합니다.\n□ 사업 개요\n ○ 대상: 청년 100명\n ○ 기간: 3개월"));
    }

    @Test
    void everyTokenAndEveryAttributeIsNorisOwn() throws IOException {
        Analyzer mine = raw(reordered);
        Analyzer theirs = raw(stock);
        int tokens = 0;
        for (String text : texts) {
            List<String> expected = tokens(theirs, text);
            assertThat(tokens(mine, text)).as(text).isEqualTo(expected);
            tokens += expected.size();
        }
        assertThat(tokens).isGreaterThan(30_000);
    }

    @Test
    void theAnalyserGivesTheSameTerms() {
        TextAnalyzer mine = new TextAnalyzer(TextAnalyzer.korean(reordered));
        TextAnalyzer theirs = new TextAnalyzer(TextAnalyzer.korean(stock));
        for (String text : texts) {
            TextAnalyzer.Terms expected = theirs.analyse(text);
            TextAnalyzer.Terms actual = mine.analyse(text);
            assertThat(actual.terms()).as(text).isEqualTo(expected.terms());
            assertThat(actual.weights()).as(text).isEqualTo(expected.weights());
        }
    }

    @Test
    void idsAreNumberedByFallingFrequencyAndZeroStays() {
        int[] renumber = ReorderedNoriDictionary.byFrequency(new long[]{0, 5, 9, 5, 0, 7});
        assertThat(renumber).containsExactly(0, 3, 1, 4, 5, 2);
    }

    private static Analyzer raw(ReorderedNoriDictionary.Dictionaries d) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                return new TokenStreamComponents(new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
                        d.system(), d.unknown(), d.costs(), null, KoreanTokenizer.DecompoundMode.MIXED, false, true));
            }
        };
    }

    private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("t", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute length = ts.addAttribute(PositionLengthAttribute.class);
            PartOfSpeechAttribute pos = ts.addAttribute(PartOfSpeechAttribute.class);
            ReadingAttribute reading = ts.addAttribute(ReadingAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term + " " + offset.startOffset() + "-" + offset.endOffset() + " +"
                        + increment.getPositionIncrement() + " ×" + length.getPositionLength() + " "
                        + pos.getPOSType() + " " + pos.getLeftPOS() + "/" + pos.getRightPOS() + " "
                        + Arrays.toString(pos.getMorphemes()) + " " + reading.getReading());
            }
            ts.end();
        }
        return out;
    }
}
