package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The proposals as operators see them: the list (ops API and console), one proposal, a fresh department link. */
@Service
class OpsProposals {

    private final MongoTemplate mongo;
    private final LinkTokens links;
    private final Duration validity;
    private final Clock clock;

    OpsProposals(MongoTemplate mongo, LinkTokens links,
                 @Value("${platform.links.validity-days:30}") long validityDays, Clock clock) {
        this.mongo = mongo;
        this.links = links;
        this.validity = Duration.ofDays(validityDays);
        this.clock = clock;
    }

    /** One page of the list, newest first, and how many proposals the filter matches in all. */
    record Page(List<Proposal> items, long total) {
    }

    /** A link for the department in charge: the path with its signed token, and until when it is valid. */
    record DepartmentLink(String path, String departmentCode, Instant expires) {
    }

    /** @param status only proposals in this status, or all when null */
    Page page(ProposalStatus status, int page, int size) {
        Query query = new Query();
        if (status != null) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        long total = mongo.count(query, Proposal.class);
        query.with(Sort.by(Sort.Direction.DESC, "submittedAt")).skip((long) page * size).limit(size);
        query.fields().include("_id", "trackingCode", "title", "status", "departmentCode", "departmentName",
                "submittedAt", "suspicious", "organization");
        return new Page(mongo.find(query, Proposal.class), total);
    }

    Optional<Proposal> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Proposal.class));
    }

    /** A fresh link for the department in charge of {@code p}; empty while no department is. */
    Optional<DepartmentLink> departmentLink(Proposal p) {
        if (p.getDepartmentCode() == null) {
            return Optional.empty();
        }
        Instant expires = clock.instant().plus(validity);
        String path = "/department/proposals/" + p.getId() + "?token="
                + links.sign(p.getId(), p.getDepartmentCode(), expires, null);
        return Optional.of(new DepartmentLink(path, p.getDepartmentCode(), expires));
    }
}
