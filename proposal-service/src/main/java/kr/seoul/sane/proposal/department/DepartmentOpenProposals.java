package kr.seoul.sane.proposal.department;

import kr.seoul.sane.proposal.lifecycle.Lifecycle;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A department's open proposals (담당부서의 처리 중인 제안), newest first and at most {@link #CAP}: the statuses of
 * {@link Lifecycle#OPEN} except TRANSFERRED, which the department has handed on (it stays the department of record
 * only until the next routing).
 */
@Component
class DepartmentOpenProposals {

    /** The most proposals one list shows. */
    static final int CAP = 200;
    static final Set<ProposalStatus> LISTED = listed();

    private final MongoTemplate mongo;

    DepartmentOpenProposals(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Up to {@link #CAP} proposals and how many there are in all. */
    record Slice(List<Proposal> items, long total) {

        boolean cut() {
            return total > items.size();
        }
    }

    Slice of(String departmentCode) {
        Criteria open = Criteria.where("departmentCode").is(departmentCode).and("status").in(LISTED);
        Query query = Query.query(open).with(Sort.by(Sort.Direction.DESC, "submittedAt")).limit(CAP + 1);
        query.fields().include("_id", "trackingCode", "title", "status", "submittedAt", "routedAt", "overdueSince");
        List<Proposal> found = mongo.find(query, Proposal.class);
        if (found.size() <= CAP) {
            return new Slice(found, found.size());
        }
        return new Slice(found.subList(0, CAP), mongo.count(Query.query(open), Proposal.class));
    }

    private static Set<ProposalStatus> listed() {
        Set<ProposalStatus> statuses = EnumSet.copyOf(Lifecycle.OPEN);
        statuses.remove(ProposalStatus.TRANSFERRED);
        return Set.copyOf(statuses);
    }
}
