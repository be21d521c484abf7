package kr.seoul.sane.catalog.seed;

import kr.seoul.sane.catalog.cases.CaseRepository;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.curation.CatalogCuration;
import kr.seoul.sane.catalog.curation.CatalogEventLog;
import kr.seoul.sane.catalog.curation.CatalogReadModels;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the seed catalogue (src/main/resources/seed) into the read models at startup, through catalogue events.
 * <ol>
 *   <li>When both read models are empty (new or wiped database), they are first replayed from the catalogue topics,
 *   so cases an operator published or withdrew earlier come back.</li>
 *   <li>Documents written before catalogue events existed (no version) are sent as events once.</li>
 *   <li>A seed entry missing from the read model, or whose text changed in the seed file, is sent as
 *   {@code catalog.case-published} / {@code catalog.institution-upserted}; an unchanged entry sends nothing, and a
 *   seed case an operator withdrew stays withdrawn; a seed institution an operator edited or hid keeps the
 *   operator's version.</li>
 * </ol>
 * Runs before the Kafka listeners start, so the first suggestions already see the whole catalogue.
 */
@Component
public class CatalogSeeder implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);

    private final CaseRepository cases;
    private final InstitutionRepository institutions;
    private final CatalogReadModels readModels;
    private final CatalogCuration curation;
    private final CatalogIndex index;

    public CatalogSeeder(CaseRepository cases, InstitutionRepository institutions, CatalogReadModels readModels,
                         CatalogCuration curation, CatalogIndex index) {
        this.cases = cases;
        this.institutions = institutions;
        this.readModels = readModels;
        this.curation = curation;
        this.index = index;
    }

    @Override
    public void afterPropertiesSet() {
        if (readModels.isEmpty()) {
            int replayed = curation.replayIntoEmptyReadModels();
            log.info("empty catalogue read models: {} events replayed from the catalogue topics", replayed);
        }
        List<CatalogEventLog.Outgoing> events = new ArrayList<>();
        Set<String> unversionedCases = new HashSet<>(readModels.idsWithoutVersion("cases"));
        Set<String> unversionedInstitutions = new HashSet<>(readModels.idsWithoutVersion("institutions"));
        Map<String, CooperationCase> currentCases = new HashMap<>();
        cases.findAll().forEach(c -> currentCases.put(c.id(), c));
        Map<String, PartnerInstitution> currentInstitutions = new HashMap<>();
        institutions.findAll().forEach(i -> currentInstitutions.put(i.id(), i));

        List<String> withdrawnLegacy = new ArrayList<>();
        for (String id : unversionedCases) {
            CooperationCase legacy = currentCases.get(id);
            if (legacy != null && legacy.title() != null && legacy.scope() != null) {
                events.add(curation.casePublished(legacy, CatalogCuration.Origin.SEED, null));
                if (!legacy.published()) {
                    withdrawnLegacy.add(id);
                }
            }
        }
        for (CooperationCase seed : SeedCatalog.cases()) {
            CooperationCase current = currentCases.get(seed.id());
            if (current == null || (!unversionedCases.contains(seed.id()) && current.published()
                    && !sameContent(current, seed))) {
                events.add(curation.casePublished(seed, CatalogCuration.Origin.SEED, null));
            }
        }
        for (String id : unversionedInstitutions) {
            PartnerInstitution legacy = currentInstitutions.get(id);
            if (legacy != null && legacy.name() != null) {
                events.add(curation.institutionUpserted(legacy, CatalogCuration.Origin.SEED));
            }
        }
        Set<String> curatedInstitutions = new HashSet<>(readModels.institutionsCuratedByOperator());
        for (PartnerInstitution seed : SeedCatalog.institutions()) {
            PartnerInstitution current = currentInstitutions.get(seed.id());
            if (current == null || (!unversionedInstitutions.contains(seed.id())
                    && !curatedInstitutions.contains(seed.id()) && !current.equals(seed))) {
                events.add(curation.institutionUpserted(seed, CatalogCuration.Origin.SEED));
            }
        }
        curation.publish(events);
        for (String id : withdrawnLegacy) {
            curation.withdrawCase(id, null);
        }
        refreshIndex();
        log.info("catalogue ready: {} seed events sent, {} cases and {} institutions in the index", events.size(),
                index.caseCount(), index.institutionCount());
    }

    /** Rebuilds the search index from the read models (after seeding or curation). */
    public void refreshIndex() {
        curation.refreshIndex();
    }

    private static boolean sameContent(CooperationCase a, CooperationCase b) {
        return withPublished(a).equals(withPublished(b));
    }

    private static CooperationCase withPublished(CooperationCase c) {
        return new CooperationCase(c.id(), c.title(), c.titleEn(), c.summary(), c.partners(), c.fields(), c.scope(),
                c.period(), c.outcome(), c.mainCase(), true, c.sourceUrl());
    }

    /** The seed files, readable without Spring (the seed data test uses them directly). */
    public static final class SeedCatalog {
        private static final JsonMapper JSON = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // optional flags (an institution's hidden) default to false when a seed entry leaves them out
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
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
