package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginThrottleTest {

    @Test
    void fiveFailuresFromOneClientMakeItWait() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.secondsToWait("10.0.0.1", "user" + i)).isZero();
            throttle.failed("10.0.0.1", "user" + i);
        }
        assertThat(throttle.secondsToWait("10.0.0.1", "someone")).isBetween(1L, 60L);
        assertThat(throttle.secondsToWait("10.0.0.2", "someone")).as("another client").isZero();
    }

    @Test
    void fiveFailuresForOneAccountMakeItWaitFromAnyClient() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.1." + i, "Ops");
        }
        assertThat(throttle.secondsToWait("10.0.2.1", "ops")).as("names are compared without case").isPositive();
        assertThat(throttle.secondsToWait("10.0.2.1", "other")).isZero();
    }

    @Test
    void fourFailuresStillLetTheFifthTry() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5));
        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.3", "ops");
        }
        assertThat(throttle.secondsToWait("10.0.0.3", "ops")).isZero();
    }

    @Test
    void theWindowRefillsTheAttempts() throws Exception {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ofMillis(300));
        throttle.failed("10.0.0.4", "ops");
        assertThat(throttle.secondsToWait("10.0.0.4", "ops")).isEqualTo(1);
        Thread.sleep(400);
        assertThat(throttle.secondsToWait("10.0.0.4", "ops")).isZero();
    }

    @Test
    void aThrottleNeedsALimit() {
        assertThatThrownBy(() -> new LoginThrottle(0, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
