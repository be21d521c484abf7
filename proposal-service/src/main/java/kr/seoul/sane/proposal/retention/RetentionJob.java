package kr.seoul.sane.proposal.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The retention period of the consent block ("제안 처리가 끝난 날부터 3년"): a closed proposal (완료, 반려, 협력제안
 * 아님) whose closing is older than {@code platform.retention.days} (default 1095) loses its personal fields
 * (contact name, e-mail, phone) and its attachment
 * ({@link Anonymisation}). Organisation, title, content and timeline stay for the
 * statistics. Runs daily ({@code platform.retention.cron}, default 03:30) and is idempotent; no TTL index is used.
 */
@Component
public class RetentionJob {

    public static final String ANONYMOUS = Anonymisation.ANONYMOUS;
    static final Set<ProposalStatus> CLOSED = EnumSet.of(ProposalStatus.COMPLETED, ProposalStatus.DECLINED,
            ProposalStatus.NOT_A_PROPOSAL, ProposalStatus.WITHDRAWN);
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final Anonymisation anonymisation;
    private final Duration retention;
    private final Counter anonymised;
    private final Clock clock;

    RetentionJob(MongoTemplate mongo, Anonymisation anonymisation,
                 @Value("${platform.retention.days:1095}") long days, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.anonymisation = anonymisation;
        this.retention = Duration.ofDays(days);
        this.anonymised = Counter.builder("sane.proposals.anonymized")
                .description("Proposals whose personal fields the retention job removed").register(meters);
    }

    @Scheduled(cron = "${platform.retention.cron:0 30 3 * * *}", zone = "Asia/Seoul")
    void scheduled() {
        try {
            run(clock.instant());
        } catch (RuntimeException e) {
            log.warn("retention pass failed (next run retries): {}", kr.seoul.sane.proposal.model.PersonalData.describe(e));
        }
    }

    /** One pass as of {@code now}; returns the number of proposals anonymised. */
    public int run(Instant now) {
        Instant cutoff = now.minus(retention);
        int done = 0;
        String after = null;
        while (true) {
            // closed proposals submitted before the cutoff (the closing came later); checked one by one below
            Criteria criteria = Criteria.where("status").in(CLOSED).and("anonymizedAt").is(null)
                    .and("submittedAt").lt(cutoff);
            if (after != null) {
                criteria = criteria.and("_id").gt(ObjectId.isValid(after) ? new ObjectId(after) : after);
            }
            Query candidates = Query.query(criteria).with(Sort.by("_id")).limit(BATCH);
            candidates.fields().include("_id", "status", "submittedAt", "timeline", "attachment");
            List<Proposal> batch = mongo.find(candidates, Proposal.class);
            for (Proposal p : batch) {
                after = p.getId();
                if (closedAt(p).isBefore(cutoff) && anonymise(p, now)) {
                    done++;
                }
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (done > 0) {
            anonymised.increment(done);
            log.info("retention: {} proposal(s) closed before {} anonymised", done, cutoff);
        }
        return done;
    }

    /** When the proposal reached its closed status: the last timeline entry with it, else its submission. */
    static Instant closedAt(Proposal p) {
        Instant at = p.getSubmittedAt();
        if (p.getTimeline() != null) {
            for (TimelineEntry t : p.getTimeline()) {
                if (t.status() == p.getStatus() && t.at() != null) {
                    at = t.at();
                }
            }
        }
        return at;
    }

    private boolean anonymise(Proposal p, Instant now) {
        anonymisation.removeFiles(p);
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(p.getId()).and("anonymizedAt").is(null)),
                Anonymisation.personalFields(new Update(), now), Proposal.class).getModifiedCount() == 1;
    }
}
