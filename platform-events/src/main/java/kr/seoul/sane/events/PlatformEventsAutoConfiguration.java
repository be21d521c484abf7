package kr.seoul.sane.events;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives every service that has this module on its classpath one {@link EnvelopeWriter} (producer =
 * {@code spring.application.name}, Spring's own default {@code application} where none is set, e.g. in a shared
 * module's tests) and one {@link EnvelopeReader} (with the service's {@link JsonMapper} when it has
 * one, so its JSON read limits apply to events too).
 */
@AutoConfiguration
public class PlatformEventsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EnvelopeWriter envelopeWriter(@Value("${spring.application.name:application}") String producer,
                                         EventTracing tracing) {
        return new EnvelopeWriter(producer, tracing);
    }

    @Bean
    @ConditionalOnMissingBean
    public EnvelopeReader envelopeReader(ObjectProvider<JsonMapper> json) {
        JsonMapper mapper = json.getIfAvailable();
        return mapper == null ? new EnvelopeReader() : new EnvelopeReader(mapper);
    }
}
