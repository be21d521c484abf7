package kr.seoul.sane.notification.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code sane_dead_letters{topic}}: records waiting in each dead-letter topic {@code error.<topic>.notification-service}
 * (end minus beginning offsets), refreshed every 60 s; a topic that does not exist yet has no series.
 */
@Component
class DeadLetterMetrics {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);

    private final DeadLetters deadLetters;
    private final MultiGauge gauge;

    DeadLetterMetrics(DeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.gauge = MultiGauge.builder("sane.dead.letters")
                .description("Records in the service's dead-letter topics (end minus beginning offsets)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${sane.notification.dead-letter-metrics-refresh:60s}", initialDelay = 5000)
    public void refresh() {
        try {
            Map<String, Long> sizes = deadLetters.sizes();
            gauge.register(sizes.entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("topic", e.getKey()), e.getValue()))
                    .toList(), true);
        } catch (RuntimeException e) {
            log.debug("dead-letter metrics not refreshed: {}", e.toString());
        }
    }
}
