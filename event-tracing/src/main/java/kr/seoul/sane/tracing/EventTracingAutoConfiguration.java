package kr.seoul.sane.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Gives every service that has this module on its classpath an {@link EventTracing} bean. Unconditional on a
 * {@link Tracer}: without one (tracing switched off) the bean falls back to the no-op tracer and propagator.
 */
@AutoConfiguration
public class EventTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EventTracing eventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EventTracing(tracer, propagator);
    }
}
