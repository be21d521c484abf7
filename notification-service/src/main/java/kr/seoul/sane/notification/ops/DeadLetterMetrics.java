package kr.seoul.sane.notification.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;


/**
 * {@code sane_dead_letters{topic, service}}: records waiting in each dead-letter topic of the platform
 * ({@code error.<topic>.<service>}; end minus beginning offsets), refreshed every 60 s; a topic that does not exist yet
 * has no series. {@code service} is the service that dead-lettered them ({@code unknown} when the name does not say).
 */
@Component
class DeadLetterMetrics {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);

    private final DeadLetters deadLetters;
    private final MultiGauge gauge;

    DeadLetterMetrics(DeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.gauge = MultiGauge.builder("sane.dead.letters")
                .description("Records in the platform's dead-letter topics (end minus beginning offsets)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${sane.notification.dead-letter-metrics-refresh:60s}", initialDelay = 5000)
    public void refresh() {
        try {
            gauge.register(deadLetters.sizes().stream()
                    .map(s -> MultiGauge.Row.of(Tags.of("topic", s.topic().name(), "service",
                            s.topic().service() == null ? "unknown" : s.topic().service()), s.size()))
                    .toList(), true);
        } catch (RuntimeException e) {
            log.debug("dead-letter metrics not refreshed: {}", e.toString());
        }
    }
}
