package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The numbers of the ops overview, counted in MongoDB (no aggregation pipeline: the embedded store lacks parts). */
@Service
class OpsConsole {

    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final int BAR_STEPS = 20;

    private final MongoTemplate mongo;

    OpsConsole(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One bar of a chart: label, value and its width class step (0–20, relative to the largest bar). */
    record Bar(String key, String label, long value, int step) {
    }

    record Overview(LocalDate day, long submitted, long routed, long triage, long accepted, long declined,
                    long overdue, List<Bar> byStatus, List<Bar> lastDays, List<Bar> overdueByDepartment) {
    }

    Overview overview(Instant now) {
        LocalDate today = now.atZone(SEOUL).toLocalDate();
        Instant start = today.atStartOfDay(SEOUL).toInstant();
        long submitted = count(Criteria.where("submittedAt").gte(start));
        long routed = count(Criteria.where("routedAt").gte(start));
        long triage = count(Criteria.where("status").is(ProposalStatus.TRIAGE));
        long accepted = count(Criteria.where("timeline").elemMatch(
                Criteria.where("status").is(ProposalStatus.ACCEPTED).and("at").gte(start)));
        long declined = count(Criteria.where("timeline").elemMatch(
                Criteria.where("status").is(ProposalStatus.DECLINED).and("at").gte(start)));
        Criteria overdueCriteria = overdue();
        long overdue = count(overdueCriteria);

        Map<String, Long> statuses = new LinkedHashMap<>();
        for (ProposalStatus s : ProposalStatus.values()) {
            statuses.put(s.name(), count(Criteria.where("status").is(s)));
        }
        Map<String, Long> days = new LinkedHashMap<>();
        for (int i = 6; i >= 0; i--) {
            LocalDate d = today.minusDays(i);
            days.put(d.toString(), count(Criteria.where("submittedAt").gte(d.atStartOfDay(SEOUL).toInstant())
                    .lt(d.plusDays(1).atStartOfDay(SEOUL).toInstant())));
        }
        Query late = Query.query(overdueCriteria).limit(5000);
        late.fields().include("departmentCode", "departmentName");
        Map<String, Long> byDepartment = new TreeMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Proposal p : mongo.find(late, Proposal.class)) {
            String code = p.getDepartmentCode() == null ? "-" : p.getDepartmentCode();
            byDepartment.merge(code, 1L, Long::sum);
            names.putIfAbsent(code, p.getDepartmentName() == null ? code : p.getDepartmentName());
        }
        return new Overview(today, submitted, routed, triage, accepted, declined, overdue,
                bars(statuses, null), bars(days, null), bars(byDepartment, names));
    }

    /**
     * The one definition of "overdue": notification-service escalated the proposal to the operators (escalation
     * business days after routing) and the department has not acted since ({@code overdueSince}, set from the
     * escalation mail's {@code notification.delivered} / permanent {@code notification.failed}, cleared by any status
     * change or a new routing). The overview and {@code sane_proposals_overdue} both count it.
     */
    static Criteria overdue() {
        return Criteria.where("overdueSince").ne(null);
    }

    private long count(Criteria criteria) {
        return mongo.count(Query.query(criteria), Proposal.class);
    }

    static List<Bar> bars(Map<String, Long> values, Map<String, String> labels) {
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        values.forEach((k, v) -> bars.add(new Bar(k, labels == null ? k : labels.getOrDefault(k, k), v,
                max == 0 ? 0 : (int) Math.round(v * (double) BAR_STEPS / max))));
        return bars;
    }
}
