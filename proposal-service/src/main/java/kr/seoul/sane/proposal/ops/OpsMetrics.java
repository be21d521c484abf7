package kr.seoul.sane.proposal.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backlog gauges of the ops overview for Prometheus, refreshed every
 * {@code platform.ops.metrics-interval-ms} (default 60 s): {@code sane_proposals_triage_backlog} and
 * {@code sane_proposals_overdue{department}} (escalated to the operators by notification-service and not acted on
 * since, {@link OpsConsole#overdue()}), one series per department of departments.json so the series exist before
 * anything is overdue. This service is the only exporter of that gauge.
 */
@Component
class OpsMetrics {

    private static final Logger log = LoggerFactory.getLogger(OpsMetrics.class);

    private final MongoTemplate mongo;
    private final DepartmentDirectory departments;
    private final AtomicLong triage = new AtomicLong();
    private final MultiGauge overdue;

    OpsMetrics(MongoTemplate mongo, DepartmentDirectory departments, MeterRegistry meters) {
        this.mongo = mongo;
        this.departments = departments;
        Gauge.builder("sane.proposals.triage.backlog", triage, AtomicLong::get)
                .description("Proposals waiting in triage (status TRIAGE)").register(meters);
        this.overdue = MultiGauge.builder("sane.proposals.overdue")
                .description("Proposals escalated to the operators that their department has not acted on since").register(meters);
        publish(Map.of());
    }

    @Scheduled(initialDelayString = "${platform.ops.metrics-interval-ms:60000}",
            fixedDelayString = "${platform.ops.metrics-interval-ms:60000}")
    void refresh() {
        try {
            triage.set(mongo.count(Query.query(Criteria.where("status").is(ProposalStatus.TRIAGE)), Proposal.class));
            Query late = Query.query(OpsConsole.overdue());
            late.fields().include("departmentCode");
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Proposal p : mongo.find(late, Proposal.class)) {
                if (p.getDepartmentCode() != null) {
                    counts.merge(p.getDepartmentCode(), 1L, Long::sum);
                }
            }
            publish(counts);
        } catch (RuntimeException e) {
            log.warn("ops gauges not refreshed: {}", kr.seoul.sane.proposal.model.PersonalData.describe(e));
        }
    }

    private void publish(Map<String, Long> counts) {
        Map<String, Long> all = new LinkedHashMap<>();
        departments.all().forEach(d -> all.put(d.code(), 0L));
        all.putAll(counts);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        all.forEach((code, n) -> rows.add(MultiGauge.Row.of(Tags.of("department", code), n)));
        overdue.register(rows, true);
    }
}
