package kr.seoul.sane.catalog;

import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.search.CaseQuery;
import kr.seoul.sane.catalog.search.CatalogIndex;
import kr.seoul.sane.catalog.search.Scored;
import kr.seoul.sane.catalog.search.Segment;
import kr.seoul.sane.catalog.seed.CatalogSeeder.SeedCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogIndexTest {

    private static final CatalogIndex index = new CatalogIndex();

    @BeforeAll
    static void build() {
        index.rebuild(SeedCatalog.cases(), SeedCatalog.institutions());
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    @Test
    void koreanWordFindsTheHousingWelfareCase() {
        List<CooperationCase> hits = index.searchCases(new CaseQuery("주거", null, null, false, 0, 5)).items();
        assertThat(hits).extracting(CooperationCase::id).contains("housing-finance-solar-housing-welfare");
    }

    @Test
    void plasticFindsResourceCirculationCasesFirst() {
        List<CooperationCase> hits = index.searchCases(new CaseQuery("플라스틱", null, null, false, 0, 3)).items();
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().fields()).contains("ENVIRONMENT_PARKS");
        assertThat(hits).extracting(CooperationCase::id).contains("waste-vinyl-fuel");
    }

    @Test
    void inflectedFormsMatchThroughNori() {
        // "관광객이" is analysed to 관광/객, so the tourist information centre is found
        assertThat(index.searchCases(new CaseQuery("관광객이", null, null, false, 0, 5)).items())
                .extracting(CooperationCase::id).contains("myeongdong-tourist-info-center");
    }

    @Test
    void filtersByFieldScopeAndMainFlag() {
        var international = index.searchCases(new CaseQuery(null, null, Scope.INTERNATIONAL, false, 0, 100));
        assertThat(international.items()).isNotEmpty().allMatch(c -> c.scope() == Scope.INTERNATIONAL);
        var welfare = index.searchCases(new CaseQuery(null, "WELFARE", null, false, 0, 100));
        assertThat(welfare.items()).isNotEmpty().allMatch(c -> c.fields().contains("WELFARE"));
        var main = index.searchCases(new CaseQuery(null, null, null, true, 0, 100));
        assertThat(main.items()).isNotEmpty().allMatch(CooperationCase::mainCase);
        assertThat(main.total()).isLessThan(index.searchCases(new CaseQuery(null, null, null, false, 0, 100)).total());
    }

    @Test
    void highlightsMatchedWords() {
        List<Segment> segments = index.highlight("폐비닐과 폐플라스틱을 모아", index.queryTerms("플라스틱"));
        assertThat(segments).filteredOn(Segment::match).extracting(Segment::text).containsExactly("플라스틱");
        assertThat(String.join("", segments.stream().map(Segment::text).toList())).isEqualTo("폐비닐과 폐플라스틱을 모아");
    }

    @Test
    void wordsTheCatalogueLacksChangeNeitherTheSuggestionsNorTheirScores() {
        // a search leaves out the clauses of words no entry holds: the ranking must be exactly that of the text alone
        String text = "폐플라스틱 병뚜껑 새활용 캠페인\n동네 카페에서 병뚜껑을 모아 화분으로 만듭니다.";
        String padded = text + "\nzqxwv kjhqz plmoq vbxcz qwzx";
        CatalogIndex.Suggestions plain = index.suggest(text, "ENVIRONMENT_PARKS", 5);
        assertThat(plain.cases()).isNotEmpty();
        assertThat(index.suggest(padded, "ENVIRONMENT_PARKS", 5)).isEqualTo(plain);
        assertThat(index.suggest("zqxwv kjhqz plmoq", null, 5).cases()).isEmpty();
    }

    @Test
    void suggestionsForAPlasticProposal() {
        String title = "폐플라스틱 병뚜껑 새활용 시민 캠페인";
        String text = title + "\n" + title + "\n동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분과 생활용품으로 만드는 "
                + "시민 참여 캠페인을 서울시와 함께 추진하고 싶습니다. 수거함 설치 장소와 홍보를 도와주시기 바랍니다.";
        List<Scored<CooperationCase>> cases = index.similarCases(text, "ENVIRONMENT_PARKS", 3);
        assertThat(cases).hasSizeLessThanOrEqualTo(3).extracting(s -> s.item().id()).contains("waste-vinyl-fuel");
        assertThat(index.similarInstitutions(text, "ENVIRONMENT_PARKS", 3)).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void textWithoutContentWordsSuggestsNothing() {
        assertThat(index.similarCases("!!! ???", null, 3)).isEmpty();
    }
}
