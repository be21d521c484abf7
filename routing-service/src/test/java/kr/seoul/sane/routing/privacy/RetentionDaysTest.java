package kr.seoul.sane.routing.privacy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kr.seoul.sane.opssecurity.time.FixedDates;
import kr.seoul.sane.routing.decision.PersonalDataEraser;
import kr.seoul.sane.routing.decision.RoutingDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled retention pass on each kind of day (at 10:00 in Seoul, its clock fixed there): a snapshot submitted
 * more than 1095 days before loses its personal fields, one submitted less long ago keeps them.
 */
class RetentionDaysTest {

    private static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    private static final MongoClient CLIENT = MongoClients.create(SERVER.bindAndGetConnectionString());

    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "retention-" + System.nanoTime());

    @AfterAll
    static void stop() {
        CLIENT.close();
        SERVER.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void theScheduledPassCountsThreeYearsBackFromTheDayItRuns(FixedDates day) {
        Instant cutoff = day.instant().minus(Duration.ofDays(1095));
        String old = store("old", cutoff.minusSeconds(2));
        String young = store("young", cutoff.plusSeconds(2));

        new RetentionJob(mongo, new PersonalDataEraser(mongo, new SimpleMeterRegistry()), 1095, 500, day.clock())
                .scheduled();

        assertThat(snapshot(old)).containsEntry(PersonalDataEraser.ANONYMIZED_AT, day.instant().toString())
                .doesNotContainKeys("contactName", "email", "phone").containsKey("title");
        assertThat(snapshot(young)).doesNotContainKey(PersonalDataEraser.ANONYMIZED_AT)
                .containsEntry("email", "young@example.org");
    }

    private String store(String id, Instant submittedAt) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("contactName", "담당자 " + id);
        snapshot.put("email", id + "@example.org");
        snapshot.put("phone", "02-1234-5678");
        snapshot.put("title", "보존 기간 확인용 제안 " + id);
        snapshot.put("submittedAt", submittedAt.toString());
        mongo.insert(new RoutingDecision(id, "e-" + id, "SN-TEST", RoutingDecision.Outcome.ROUTED, "PARTNERSHIP",
                List.of(), 0.9, List.of(), null, null, "AUTO", null, submittedAt, null, snapshot, "e-" + id, List.of(),
                null));
        return id;
    }

    private Map<String, Object> snapshot(String id) {
        return mongo.findById(id, RoutingDecision.class).proposal();
    }
}
