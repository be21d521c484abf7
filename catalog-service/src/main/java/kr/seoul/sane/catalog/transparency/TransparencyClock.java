package kr.seoul.sane.catalog.transparency;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The clock the figures are computed with ("now" of overdue and of generatedAt); tests put a fixed one in. */
@Configuration(proxyBeanMethods = false)
class TransparencyClock {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
