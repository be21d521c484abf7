package kr.seoul.sane.catalog.seed;

import kr.seoul.sane.catalog.cases.CaseRepository;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.institutions.InstitutionRepository;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.search.CatalogIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Loads the seed catalogue (src/main/resources/seed) into the read models at startup and builds the search index.
 * Upsert by id, so restarts and repeated runs keep one copy of each entry. Runs before the Kafka bindings start,
 * so the first suggestions already see the whole catalogue.
 */
@Component
public class CatalogSeeder implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);

    private final CaseRepository cases;
    private final InstitutionRepository institutions;
    private final CatalogIndex index;

    public CatalogSeeder(CaseRepository cases, InstitutionRepository institutions, CatalogIndex index) {
        this.cases = cases;
        this.institutions = institutions;
        this.index = index;
    }

    @Override
    public void afterPropertiesSet() {
        List<CooperationCase> seedCases = SeedCatalog.cases();
        List<PartnerInstitution> seedInstitutions = SeedCatalog.institutions();
        cases.saveAll(seedCases);
        institutions.saveAll(seedInstitutions);
        refreshIndex();
        log.info("catalogue seeded: {} cases, {} institutions in the index", index.caseCount(),
                index.institutionCount());
    }

    /** Rebuilds the search index from the read models (after seeding or curation). */
    public void refreshIndex() {
        index.rebuild(cases.findAll(), institutions.findAll());
    }

    /** The seed files, readable without Spring (the seed data test uses them directly). */
    public static final class SeedCatalog {
        private static final JsonMapper JSON = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();

        private SeedCatalog() {
        }

        public static List<CooperationCase> cases() {
            return read("seed/cases.json", new TypeReference<>() {
            });
        }

        public static List<PartnerInstitution> institutions() {
            return read("seed/institutions.json", new TypeReference<>() {
            });
        }

        private static <T> List<T> read(String resource, TypeReference<List<T>> type) {
            try (InputStream in = new ClassPathResource(resource).getInputStream()) {
                return JSON.readValue(in, type);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
