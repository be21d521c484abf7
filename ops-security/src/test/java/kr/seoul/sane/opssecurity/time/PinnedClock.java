package kr.seoul.sane.opssecurity.time;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Gives a service under test a {@link MutableClock} starting at {@link MutableClock#START}, just after the
 * contract examples' dates, instead of the real clock: {@code @Import(PinnedClock.class)}, then autowire
 * {@code MutableClock} to read or move it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PinnedClock {

    @Bean
    @Primary
    MutableClock pinnedClock() {
        return new MutableClock();
    }
}
