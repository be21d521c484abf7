package kr.seoul.sane.events.guard;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On a real MongoDB-compatible store: an event's effect and its guard are one write, so a redelivery changes nothing. */
class AppliedEventsTest {

    private static final AppliedEvents GUARD = new AppliedEvents("processedEventIds");

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void store() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://" + server.bindAndGetConnectionString().replace("mongodb://", ""));
        mongo = new MongoTemplate(client, "guard-test");
        mongo.insert(new Document("_id", "p-1").append("count", 0), "proposals");
    }

    @AfterEach
    void close() {
        client.close();
        server.shutdownNow();
    }

    private long apply(String eventId) {
        return mongo.updateFirst(GUARD.unlessApplied("p-1", eventId), GUARD.applied(new Update().inc("count", 1),
                eventId), "proposals").getModifiedCount();
    }

    private Document stored() {
        return mongo.findById("p-1", Document.class, "proposals");
    }

    @Test
    void anEventChangesTheDocumentOnceHoweverOftenItComes() {
        assertThat(apply("e-1")).isEqualTo(1);
        assertThat(apply("e-1")).isZero();
        assertThat(apply("e-2")).isEqualTo(1);
        assertThat(apply("e-1")).isZero();

        assertThat(stored().getInteger("count")).isEqualTo(2);
        assertThat(stored().getList("processedEventIds", String.class)).containsExactly("e-1", "e-2");
    }

    @Test
    void aFurtherConditionOfTheEffectCombinesWithTheGuard() {
        Query query = Query.query(Criteria.where("_id").is("p-1")
                .and("count").is(5)).addCriteria(GUARD.notApplied("e-1"));
        assertThat(mongo.updateFirst(query, GUARD.applied(new Update().inc("count", 1), "e-1"), "proposals")
                .getModifiedCount()).isZero();
        assertThat(stored().get("processedEventIds")).isNull();
    }

    @Test
    void anUpsertCreatesTheDocumentOnceAndMeetsItsIdOnARedelivery() {
        Update effect = GUARD.applied(new Update().set("status", "NEW"), "e-9");
        mongo.upsert(GUARD.unlessApplied("p-2", "e-9"), effect, "proposals");

        assertThatThrownBy(() -> mongo.upsert(GUARD.unlessApplied("p-2", "e-9"), effect, "proposals"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(mongo.findById("p-2", Document.class, "proposals").getList("processedEventIds", String.class))
                .containsExactly("e-9");
    }

    @Test
    void aBatchFindsWhichOfItsEventsWereApplied() {
        apply("e-1");
        mongo.insert(new Document("_id", "p-3").append("processedEventIds", List.of("e-7")), "proposals");

        Query query = Query.query(GUARD.anyApplied(List.of("e-1", "e-5", "e-7")));
        assertThat(mongo.find(query, Document.class, "proposals")).extracting(d -> d.getString("_id"))
                .containsExactlyInAnyOrder("p-1", "p-3");
    }

    @Test
    void theGuardNeedsAnArrayOfItsOwn() {
        assertThatThrownBy(() -> new AppliedEvents("_id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppliedEvents(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
