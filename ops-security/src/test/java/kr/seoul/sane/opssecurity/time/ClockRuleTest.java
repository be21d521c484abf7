package kr.seoul.sane.opssecurity.time;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

class ClockRuleTest {

    @Test
    void opsSecurityReadsTimeOnlyFromTheInjectedClock() {
        ClockRule.check("kr.seoul.sane.opssecurity", "kr.seoul.sane.opssecurity.OpsSecurityAutoConfiguration");
    }

    @Test
    void eachWayOfReadingTheRealClockIsAViolation() {
        for (Class<?> reader : new Class<?>[] {ReadsInstant.class, ReadsSeoulDate.class, ReadsMillis.class,
                BuildsASystemClock.class, BuildsADate.class}) {
            assertThat(ClockRule.readsTimeOnlyFromTheInjectedClock()
                    .evaluate(new ClassFileImporter().importClasses(reader)).hasViolation()).as(reader.getName())
                    .isTrue();
        }
    }

    @Test
    void askingTheInjectedClockOrAnAllowedClassIsNot() {
        assertThat(ClockRule.readsTimeOnlyFromTheInjectedClock()
                .evaluate(new ClassFileImporter().importClasses(AsksTheClock.class)).hasViolation()).isFalse();
        assertThat(ClockRule.readsTimeOnlyFromTheInjectedClock(BuildsASystemClock.class.getName())
                .evaluate(new ClassFileImporter().importClasses(BuildsASystemClock.class, AsksTheClock.class))
                .hasViolation()).isFalse();
    }

    static class ReadsInstant {
        Instant now() {
            return Instant.now();
        }
    }

    static class ReadsSeoulDate {
        LocalDate today() {
            return LocalDate.now(ZoneId.of("Asia/Seoul"));
        }
    }

    static class ReadsMillis {
        long now() {
            return System.currentTimeMillis();
        }
    }

    static class BuildsASystemClock {
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    static class BuildsADate {
        Date now() {
            return new Date();
        }
    }

    static class AsksTheClock {
        LocalDate today(Clock clock) {
            return LocalDate.now(clock.withZone(ZoneId.of("Asia/Seoul")));
        }

        long elapsedNanos(long started) {
            return System.nanoTime() - started;
        }
    }
}
