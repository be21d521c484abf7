package kr.seoul.sane.catalog.proposals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kr.seoul.sane.catalog.transparency.ProposalTrack;
import kr.seoul.sane.catalog.transparency.ProposalTracks;
import kr.seoul.sane.opssecurity.time.FixedDates;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest retention pass on each fixed date (10:00 in Seoul, the clock fixed there) against the embedded store:
 * a digest whose proposal closed a second more than 1095 days before loses title, summary and organisation and keeps
 * what the counts need; one closed a second less long ago, one still open and one submitted after the cutoff keep
 * everything; the transparency read model (open data) is not touched; a second pass changes nothing.
 */
class DigestRetentionTest {

    private static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    private static final MongoClient CLIENT = MongoClients.create(SERVER.bindAndGetConnectionString());
    private static final Duration PERIOD = Duration.ofDays(1095);

    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "digest-retention-" + System.nanoTime());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProposalStatistics statistics = new ProposalStatistics(mongo);

    @AfterAll
    static void stop() {
        CLIENT.close();
        SERVER.shutdownNow();
    }

    private DigestRetention job(Clock clock, int batch) {
        return new DigestRetention(mongo, new ProposalTracks(mongo), 1095, batch, meters, clock);
    }

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void aDigestLosesItsTextAndOrganisationThreeYearsAfterItsProposalClosed(FixedDates day) {
        Instant cutoff = day.instant().minus(PERIOD);
        Instant longAgo = cutoff.minus(Duration.ofDays(100));
        String declined = proposal(longAgo, "WELFARE");
        close(declined, longAgo, "DECLINED", cutoff.minusSeconds(1));
        String completedLater = proposal(longAgo, "WELFARE");
        close(completedLater, longAgo, "COMPLETED", cutoff.plusSeconds(1));
        String open = proposal(longAgo, "ENVIRONMENT_PARKS");
        close(open, longAgo, "IN_REVIEW", cutoff.minus(Duration.ofDays(50)));
        String reopenedAfterClosing = proposal(longAgo, "ENVIRONMENT_PARKS");
        close(reopenedAfterClosing, longAgo, "NOT_A_PROPOSAL", longAgo.plusSeconds(60));
        change(reopenedAfterClosing, "TRANSFERRED", longAgo.plusSeconds(120));
        String young = proposal(cutoff.plusSeconds(1), "WELFARE");
        close(young, cutoff.plusSeconds(1), "WITHDRAWN", cutoff.plusSeconds(2));
        List<Document> tracksBefore = mongo.findAll(Document.class, ProposalTrack.COLLECTION);
        var perFieldBefore = statistics.perField();

        // two seconds earlier the declined proposal's closing is not yet past the period
        job(Clock.fixed(day.instant().minusSeconds(2), ZoneOffset.UTC), 500).scheduled();
        assertThat(digest(declined)).containsKeys("title", "summary", "organization");

        DigestRetention job = job(day.clock(), 500);
        job.scheduled();

        assertThat(meters.get("sane.catalog.anonymized").counter().count()).isEqualTo(1.0);
        assertThat(digest(declined)).doesNotContainKeys("title", "summary", "organization")
                .containsEntry("field", "WELFARE").containsEntry("departmentCode", "WELFARE_POLICY")
                .containsKeys("submittedAt", "suggestedCaseIds", "anonymizedAt");
        for (String kept : List.of(completedLater, open, reopenedAfterClosing, young)) {
            assertThat(digest(kept)).as(kept).containsEntry("organization", "푸른지구 협동조합")
                    .containsKeys("title", "summary").doesNotContainKey("anonymizedAt");
        }
        assertThat(mongo.findAll(Document.class, ProposalTrack.COLLECTION)).as("open data unchanged")
                .isEqualTo(tracksBefore);
        assertThat(statistics.perField()).isEqualTo(perFieldBefore);

        assertThat(job.run(day.instant())).as("idempotent").isZero();
        assertThat(meters.get("sane.catalog.anonymized").counter().count()).isEqualTo(1.0);
    }

    @Test
    void withoutATrackTheLastEventTheDigestSawCountsAndEveryPageIsRead() {
        FixedDates day = FixedDates.LAST_BUSINESS_DAY_OF_YEAR;
        Instant cutoff = day.instant().minus(PERIOD);
        List<String> due = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = proposal(cutoff.minus(Duration.ofDays(10 + i)), "WELFARE");
            if (i % 3 == 1) {
                // suggested (the digest's last event) after the cutoff
                mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                        new Update().set("suggestedAt", cutoff.plusSeconds(1)), DigestRetention.DIGESTS);
                kept.add(id);
            } else {
                due.add(id);
            }
        }

        assertThat(job(day.clock(), 2).run(day.instant())).isEqualTo(due.size());
        due.forEach(id -> assertThat(digest(id)).as(id).doesNotContainKeys("title", "summary", "organization"));
        kept.forEach(id -> assertThat(digest(id)).as(id).containsKeys("title", "summary", "organization"));
    }

    /** A digest as the event handler writes it (upsert by the proposal id, suggested a second after submission). */
    private String proposal(Instant submittedAt, String field) {
        String id = new ObjectId().toHexString();
        mongo.upsert(Query.query(Criteria.where("_id").is(id)), new Update()
                .set("title", "폐플라스틱 병뚜껑 새활용 시민 캠페인")
                .set("summary", "동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 생활용품으로 만드는 캠페인입니다.")
                .set("organization", "푸른지구 협동조합")
                .set("field", field)
                .set("departmentCode", "WELFARE_POLICY")
                .set("suggestedCaseIds", List.of("yellow-carpet-school-zone"))
                .set("submittedAt", submittedAt)
                .set("suggestedAt", submittedAt.plusSeconds(1))
                .addToSet("eventIds", "submitted-" + id), DigestRetention.DIGESTS);
        return id;
    }

    private void close(String id, Instant submittedAt, String status, Instant at) {
        mongo.insert(new ProposalTrack(id, submittedAt, "WELFARE",
                List.of(new ProposalTrack.Routing(submittedAt.plusSeconds(1), "WELFARE_POLICY", "복지정책과", "AUTO")),
                List.of(new ProposalTrack.StatusChange(at, status, "DEPARTMENT", "WELFARE_POLICY"))));
    }

    private void change(String id, String status, Instant at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().push("changes",
                new ProposalTrack.StatusChange(at, status, "OPERATOR", "WELFARE_POLICY")), ProposalTrack.class);
    }

    private Document digest(String id) {
        Document digest = mongo.findOne(Query.query(Criteria.where("_id").is(id)), Document.class,
                DigestRetention.DIGESTS);
        assertThat(digest).as("digest " + id).isNotNull();
        assertThat(digest.get("_id")).as("stored like the handler's upsert stores it").isInstanceOf(ObjectId.class);
        return digest;
    }
}
