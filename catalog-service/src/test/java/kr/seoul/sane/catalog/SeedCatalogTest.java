package kr.seoul.sane.catalog;

import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.seed.CatalogSeeder.SeedCatalog;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeedCatalogTest {

    private final List<CooperationCase> cases = SeedCatalog.cases();
    private final List<PartnerInstitution> institutions = SeedCatalog.institutions();

    @Test
    void atLeastThirtyInstitutionsEachWithAnHttpHomepageAndValidFields() {
        assertThat(institutions).hasSizeGreaterThanOrEqualTo(30);
        Set<String> ids = new HashSet<>();
        for (PartnerInstitution i : institutions) {
            assertThat(ids.add(i.id())).as("unique id %s", i.id()).isTrue();
            assertThat(i.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(i.name()).isNotBlank();
            assertThat(i.kind()).as("kind of %s", i.id()).isNotNull();
            assertThat(i.homepage()).as("homepage of %s", i.id()).matches("^https?://[a-z0-9.-]+\\.[a-z]{2,}(/.*)?$");
            assertThat(i.description()).isNotBlank();
            assertThat(i.cooperationAreas()).isNotEmpty();
            assertThat(i.fields()).isNotEmpty().allMatch(CooperationField::isValidCode);
        }
        assertThat(institutions).extracting(i -> i.kind().name())
                .contains("INVESTED_FUNDED", "CITY_AGENCY", "PUBLIC_CORPORATION", "PRIVATE");
    }

    @Test
    void atLeastTwentyCasesWithUniqueSlugsAndTheCasesTheOldSiteNamed() {
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        assertThat(cases.stream().filter(CooperationCase::published)).hasSizeGreaterThanOrEqualTo(20);
        Set<String> ids = new HashSet<>();
        for (CooperationCase c : cases) {
            assertThat(ids.add(c.id())).as("unique id %s", c.id()).isTrue();
            assertThat(c.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(c.title()).isNotBlank();
            assertThat(c.summary()).isNotBlank();
            assertThat(c.outcome()).isNotBlank();
            assertThat(c.period()).isNotBlank();
            assertThat(c.scope()).as("scope of %s", c.id()).isNotNull();
            assertThat(c.partners()).isNotEmpty();
            assertThat(c.sourceUrl()).matches("^https?://.+");
            assertThat(c.fields()).isNotEmpty().allMatch(CooperationField::isValidCode);
        }
        assertThat(ids).contains("myeongdong-tourist-info-center", "san-francisco-crime-map",
                "housing-finance-solar-housing-welfare", "yellow-carpet-school-zone",
                "lh-resident-move-in-cleaning", "waste-vinyl-fuel");
        assertThat(cases).extracting(CooperationCase::scope).map(Enum::name)
                .contains("SEOUL", "DOMESTIC", "INTERNATIONAL");
        assertThat(cases).filteredOn(CooperationCase::mainCase).hasSizeGreaterThanOrEqualTo(4);
    }
}
