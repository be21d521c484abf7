package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.EmbeddedStore;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The erasure mark a sender asks before sending an applicant mail that waited: no erasure, no second look; an
 * erasure after (or, within the clocks' skew, shortly before) the mail was recorded, a second look; another
 * instance's erasure is seen within a second; an unreadable mark means a second look.
 */
class ErasureMarksTest {

    private static final Instant T = Instant.parse("2026-12-07T01:00:00Z");

    private final MongoTemplate mongo = EmbeddedStore.template("erasure-marks");

    @Test
    void withoutAnyErasureNoMailNeedsASecondLook() {
        assertThat(new ErasureMarks(mongo).mayHaveCancelled(T)).isFalse();
    }

    @Test
    void anErasureAfterTheMailWasRecordedCallsForASecondLook() {
        ErasureMarks marks = new ErasureMarks(mongo);
        assertThat(marks.mayHaveCancelled(T)).isFalse();
        marks.note(T.plusSeconds(30));

        assertThat(marks.mayHaveCancelled(T)).as("recorded before the erasure").isTrue();
        assertThat(marks.mayHaveCancelled(T.plusSeconds(35))).as("within the clocks' skew").isTrue();
        assertThat(marks.mayHaveCancelled(T.plusSeconds(30).plus(ErasureMarks.SKEW).plusSeconds(1)))
                .as("recorded well after the erasure").isFalse();
        assertThat(marks.mayHaveCancelled(null)).as("recorded when, not known").isTrue();
    }

    @Test
    void anEarlierErasureNotedLaterKeepsTheLaterTime() {
        ErasureMarks marks = new ErasureMarks(mongo);
        marks.note(T.plusSeconds(60));
        marks.note(T);

        assertThat(marks.mayHaveCancelled(T.plusSeconds(50))).isTrue();
    }

    @Test
    void anotherInstancesErasureIsSeenWithinASecond() throws InterruptedException {
        ErasureMarks sender = new ErasureMarks(mongo);
        assertThat(sender.mayHaveCancelled(T)).isFalse();
        new ErasureMarks(mongo).note(T.plusSeconds(1));

        Thread.sleep(ErasureMarks.MAX_AGE.plus(Duration.ofMillis(100)).toMillis());
        assertThat(sender.mayHaveCancelled(T)).isTrue();
    }

    @Test
    void anUnreadableMarkCallsForASecondLook() {
        MongoTemplate failing = new MongoTemplate(mongo.getMongoDatabaseFactory()) {
            @Override
            public <T> T findById(Object id, Class<T> entityClass, String collectionName) {
                throw new IllegalStateException("store unreachable");
            }
        };
        assertThat(new ErasureMarks(failing).mayHaveCancelled(T)).isTrue();
    }
}
