package kr.seoul.sane.proposal.erasure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kr.seoul.sane.opssecurity.time.FixedDates;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.proposal.model.ErasureRequest;
import kr.seoul.sane.proposal.model.Proposal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * An erasure confirmation code mailed at 10:00 in Seoul on each kind of day is compared for 15 minutes; from then on
 * it is refused as expired without counting an attempt.
 */
class ErasureCodeExpiryTest {

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void aCodeIsComparedForFifteenMinutesWhicheverDayItWasSent(FixedDates day) {
        MutableClock clock = day.mutableClock();
        Instant sent = clock.instant();
        Proposal p = new Proposal();
        p.setId("6741a3f2c9e77b1d2a5f0c11");
        p.setErasure(new ErasureRequest("0".repeat(64), "salt", sent.plus(ErasureService.VALIDITY), 0, List.of(sent)));
        Proposal counted = new Proposal();
        counted.setId(p.getId());
        counted.setErasure(new ErasureRequest("0".repeat(64), "salt", sent.plus(ErasureService.VALIDITY), 1,
                List.of(sent)));
        MongoTemplate mongo = mock(MongoTemplate.class);
        when(mongo.findAndModify(any(Query.class), any(UpdateDefinition.class), any(FindAndModifyOptions.class),
                eq(Proposal.class))).thenReturn(counted);
        // only confirm's checks are reached: the expiry, then the attempt and the (wrong) code; nothing is erased
        ErasureService erasure = new ErasureService(mongo, null, null, null, null, null, null, new SimpleMeterRegistry(),
                clock);

        clock.advance(ErasureService.VALIDITY.minus(Duration.ofMinutes(1)));
        ErasureRefusal compared = catchThrowableOfType(ErasureRefusal.class, () -> erasure.confirm(p, "123456"));
        assertThat(compared.status()).isEqualTo(400);
        assertThat(compared.key()).isEqualTo("wrong");
        assertThat(compared.number()).as("attempts left").isEqualTo(ErasureService.MAX_ATTEMPTS - 1);

        clock.advance(Duration.ofMinutes(1));
        ErasureRefusal expired = catchThrowableOfType(ErasureRefusal.class, () -> erasure.confirm(p, "123456"));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.key()).isEqualTo("expired");
        verify(mongo, times(1)).findAndModify(any(Query.class), any(UpdateDefinition.class),
                any(FindAndModifyOptions.class), eq(Proposal.class));
        verify(mongo, never()).updateFirst(any(Query.class), any(UpdateDefinition.class), eq(Proposal.class));
    }
}
