package kr.seoul.sane.proposal.intake;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentSubmissionsRetentionTest {

    private static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    private static final MongoClient CLIENT = MongoClients.create(SERVER.bindAndGetConnectionString());
    private static final Instant NOW = Instant.parse("2026-12-06T03:15:00Z");

    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "recent-" + System.nanoTime());
    private final DuplicateDetector detector = new DuplicateDetector(mongo, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterAll
    static void stop() {
        CLIENT.close();
        SERVER.shutdownNow();
    }

    @Test
    void anAddressWithoutASubmissionInTheLastDayKeepsNothing() {
        store("old@example.org", entry("p1", Duration.ofHours(25)));
        store("mixed@example.org", entry("p2", Duration.ofHours(30)), entry("p3", Duration.ofHours(23)));
        store("edge@example.org", entry("p4", Duration.ofHours(24).minusSeconds(1)));
        store("emptied@example.org");

        assertThat(detector.sweep()).isEqualTo(2);
        assertThat(ids()).containsExactlyInAnyOrder("mixed@example.org", "edge@example.org");
        assertThat(detector.sweep()).as("idempotent").isZero();
    }

    @Test
    void anErasureTakesTheProposalsEntryAndTheAddressOnceNothingElseIsLeft() {
        store("kim@example.org", entry("p1", Duration.ofHours(2)), entry("p2", Duration.ofHours(1)));

        detector.forgetErased("kim@example.org", "p1");
        Document left = mongo.findById("kim@example.org", Document.class, DuplicateDetector.COLLECTION);
        assertThat(left).isNotNull();
        assertThat(left.getList("entries", Document.class)).extracting(e -> e.getString("proposalId"))
                .containsExactly("p2");

        detector.forgetErased("kim@example.org", "p2");
        assertThat(ids()).doesNotContain("kim@example.org");
    }

    private void store(String email, Document... entries) {
        mongo.insert(new Document("_id", email).append("entries", List.of(entries)), DuplicateDetector.COLLECTION);
    }

    private static Document entry(String proposalId, Duration age) {
        return new Document("proposalId", proposalId).append("submittedAt", Date.from(NOW.minus(age)))
                .append("text", "text of " + proposalId);
    }

    private List<String> ids() {
        return mongo.findAll(Document.class, DuplicateDetector.COLLECTION).stream().map(d -> d.getString("_id"))
                .toList();
    }
}
