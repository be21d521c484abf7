package kr.seoul.sane.events;

import kr.seoul.sane.tracing.EventTracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformEventsAutoConfigurationTest {

    @Test
    void everyServiceGetsOneWriterNamingItAndOneReader() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventTracingAutoConfiguration.class,
                        PlatformEventsAutoConfiguration.class))
                .withPropertyValues("spring.application.name=notification-service")
                .run(context -> {
                    assertThat(context.getBean(EnvelopeWriter.class).producer()).isEqualTo("notification-service");
                    assertThat(context).hasSingleBean(EnvelopeReader.class);
                });
    }
}
