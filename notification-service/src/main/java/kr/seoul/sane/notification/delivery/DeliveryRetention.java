package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.config.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** A scheduled job instead of a TTL index (the embedded MongoDB stand-in has none). */
@Component
class DeliveryRetention {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetention.class);

    private final DeliveryStore store;
    private final NotificationProperties properties;
    private final Clock clock;

    DeliveryRetention(DeliveryStore store, NotificationProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${sane.notification.retention.interval:1h}", initialDelayString = "${sane.notification.retention.initial-delay:5m}")
    void stripOldBodies() {
        try {
            long stripped = store.stripSentBodies(clock.instant().minus(properties.retention().stripBodiesAfter()));
            if (stripped > 0) {
                log.info("removed the mail bodies of {} deliveries sent more than {} ago", stripped,
                        properties.retention().stripBodiesAfter());
            }
        } catch (RuntimeException e) {
            log.warn("retention job failed: {}", e.toString());
        }
    }
}
