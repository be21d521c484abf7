package kr.seoul.sane.proposal.erasure;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kr.seoul.sane.opssecurity.time.FixedDates;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.proposal.model.ErasureRequest;
import kr.seoul.sane.proposal.model.Proposal;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An erasure confirmation code mailed at 10:00 in Seoul on each kind of day is checked for 15 minutes, then refused. */
class ErasureCodeExpiryTest {

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        mongo = new MongoTemplate(client, "erasure-expiry");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void aCodeIsCheckedForFifteenMinutesWhicheverDayItWasSent(FixedDates day) {
        MutableClock clock = day.mutableClock();
        Instant sent = clock.instant();
        Proposal p = new Proposal();
        p.setId(new ObjectId().toHexString());
        p.setErasure(new ErasureRequest("0".repeat(64), "salt", sent.plus(ErasureService.VALIDITY), 0, List.of(sent)));
        mongo.insert(p);
        // only confirm's checks are reached: the expiry, then the (wrong) code; no event is written
        ErasureService erasure = new ErasureService(mongo, null, null, null, null, new SimpleMeterRegistry(), clock);

        clock.advance(ErasureService.VALIDITY.minus(Duration.ofMinutes(1)));
        ErasureRefusal checked = catchThrowableOfType(ErasureRefusal.class,
                () -> erasure.confirm(mongo.findById(p.getId(), Proposal.class), "123456"));
        assertThat(checked.status()).isEqualTo(400);
        assertThat(checked.key()).isEqualTo("wrong");

        clock.advance(Duration.ofMinutes(1));
        ErasureRefusal expired = catchThrowableOfType(ErasureRefusal.class,
                () -> erasure.confirm(mongo.findById(p.getId(), Proposal.class), "123456"));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.key()).isEqualTo("expired");
    }
}
