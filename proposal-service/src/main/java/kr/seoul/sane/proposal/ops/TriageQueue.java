package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TriageInfo;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The operators' triage queue: proposals in status TRIAGE, oldest first, with routing's reason and candidates. */
@Service
class TriageQueue {

    /** At most this many are shown at once (the oldest); the count says how many wait. */
    static final int PAGE = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MongoTemplate mongo;
    private final DepartmentDirectory departments;

    TriageQueue(MongoTemplate mongo, DepartmentDirectory departments) {
        this.mongo = mongo;
        this.departments = departments;
    }

    record Candidate(String code, String name, String score) {
    }

    record Item(String id, String trackingCode, String title, String organization, String submittedAt,
                String reasonCode, String reasonLabel, String reason, String confidence, List<Candidate> candidates,
                boolean suspicious, List<String> suspicionReasons) {
    }

    long backlog() {
        return mongo.count(Query.query(Criteria.where("status").is(ProposalStatus.TRIAGE)), Proposal.class);
    }

    List<Item> oldest() {
        Query query = Query.query(Criteria.where("status").is(ProposalStatus.TRIAGE))
                .with(Sort.by(Sort.Direction.ASC, "submittedAt").and(Sort.by("_id"))).limit(PAGE);
        query.fields().include("_id", "trackingCode", "title", "organization", "submittedAt", "triage",
                "suspicious", "suspicionReasons");
        return mongo.find(query, Proposal.class).stream().map(this::item).toList();
    }

    private Item item(Proposal p) {
        TriageInfo t = p.getTriage();
        List<Candidate> candidates = t == null ? List.of() : t.candidates().stream()
                .filter(c -> departments.contains(c.departmentCode()))
                .map(c -> new Candidate(c.departmentCode(), departments.name(c.departmentCode()), score(c.score())))
                .toList();
        return new Item(p.getId(), p.getTrackingCode(), p.getTitle(), p.getOrganization(),
                p.getSubmittedAt() == null ? "" : WHEN.format(p.getSubmittedAt().atZone(OpsConsole.SEOUL)),
                t == null ? null : t.reasonCode(), reasonLabel(t == null ? null : t.reasonCode()),
                t == null || t.reason() == null || t.reason().isBlank() ? "분류 사유가 기록되지 않았습니다." : t.reason(),
                t == null || t.confidence() == null ? null : score(t.confidence()), candidates, p.isSuspicious(),
                p.getSuspicionReasons() == null ? List.of() : p.getSuspicionReasons());
    }

    static String reasonLabel(String code) {
        if (code == null) {
            return "사유 미상";
        }
        return switch (code) {
            case "LOW_CONFIDENCE" -> "부서 판단 어려움";
            case "NOT_A_PROPOSAL" -> "협력제안 아님 의심";
            case "SUSPICIOUS" -> "스팸 의심";
            default -> code;
        };
    }

    private static String score(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
