package kr.seoul.sane.catalog.curation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Curation metrics: catalogue events sent by this service ({@code sane_catalog_cases_published_total{origin}},
 * {@code sane_catalog_cases_withdrawn_total}, {@code sane_catalog_institutions_upserted_total{origin}}) and the
 * sizes of the read models ({@code sane_catalog_cases{published}}, {@code sane_catalog_institutions{hidden}}).
 */
@Component
public class CatalogMetrics {

    private final MeterRegistry meters;
    private final AtomicInteger publishedCases = new AtomicInteger();
    private final AtomicInteger unpublishedCases = new AtomicInteger();
    private final AtomicInteger listedInstitutions = new AtomicInteger();
    private final AtomicInteger hiddenInstitutions = new AtomicInteger();

    public CatalogMetrics(MeterRegistry meters) {
        this.meters = meters;
        gauge("sane.catalog.cases", "published", "true", publishedCases, "cases in the read model");
        gauge("sane.catalog.cases", "published", "false", unpublishedCases, "cases in the read model");
        gauge("sane.catalog.institutions", "hidden", "false", listedInstitutions, "institutions in the read model");
        gauge("sane.catalog.institutions", "hidden", "true", hiddenInstitutions, "institutions in the read model");
        for (CatalogCuration.Origin origin : CatalogCuration.Origin.values()) {
            casesPublished(origin.name());
            institutionsUpserted(origin.name());
        }
        casesWithdrawn();
    }

    private void gauge(String name, String tag, String value, AtomicInteger number, String description) {
        Gauge.builder(name, number, AtomicInteger::get).tag(tag, value).description(description).register(meters);
    }

    /** One catalogue event confirmed by Kafka. */
    void sent(String topic, String origin) {
        switch (topic) {
            case CatalogEventLog.CASE_PUBLISHED -> casesPublished(origin).increment();
            case CatalogEventLog.CASE_WITHDRAWN -> casesWithdrawn().increment();
            case CatalogEventLog.INSTITUTION_UPSERTED -> institutionsUpserted(origin).increment();
            default -> {
            }
        }
    }

    /** The read models' sizes after a refresh of the index. */
    void sizes(List<CooperationCase> cases, List<PartnerInstitution> institutions) {
        int published = (int) cases.stream().filter(CooperationCase::published).count();
        publishedCases.set(published);
        unpublishedCases.set(cases.size() - published);
        int hidden = (int) institutions.stream().filter(PartnerInstitution::hidden).count();
        hiddenInstitutions.set(hidden);
        listedInstitutions.set(institutions.size() - hidden);
    }

    private Counter casesPublished(String origin) {
        return Counter.builder("sane.catalog.cases.published").tag("origin", origin)
                .description("catalog.case-published events sent").register(meters);
    }

    private Counter casesWithdrawn() {
        return Counter.builder("sane.catalog.cases.withdrawn")
                .description("catalog.case-withdrawn events sent").register(meters);
    }

    private Counter institutionsUpserted(String origin) {
        return Counter.builder("sane.catalog.institutions.upserted").tag("origin", origin)
                .description("catalog.institution-upserted events sent").register(meters);
    }
}
