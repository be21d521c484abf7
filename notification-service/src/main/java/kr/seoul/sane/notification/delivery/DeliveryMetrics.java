package kr.seoul.sane.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import kr.seoul.sane.notification.mail.MailTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mail metrics: {@code sane_mail_sent_total{template}}, {@code sane_mail_failed_total{template,permanent}},
 * {@code sane_mail_send_seconds}, {@code sane_mail_delivery_latency_seconds{template}} (event to SMTP accept),
 * {@code sane_mail_backlog} and {@code sane_mail_backlog_oldest_age_seconds}.
 */
@Component
public class DeliveryMetrics {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMetrics.class);

    private final MeterRegistry meters;
    private final BacklogCounts counts;
    private final Clock clock;
    private final Timer sendTimer;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public DeliveryMetrics(MeterRegistry meters, BacklogCounts counts, Clock clock) {
        this.meters = meters;
        this.counts = counts;
        this.clock = clock;
        this.sendTimer = Timer.builder("sane.mail.send").description("Time to hand one mail to SMTP")
                .publishPercentileHistogram().register(meters);
        Gauge.builder("sane.mail.backlog", backlog, AtomicLong::get)
                .description("Deliveries not yet sent (pending, sending, waiting for a retry)").register(meters);
        Gauge.builder("sane.mail.backlog.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest delivery not yet sent, in seconds").register(meters);
        // every template with both permanent values, so that the series exist with 0 before the first failure
        for (MailTemplate template : MailTemplate.values()) {
            failedCounter(template.key(), true);
            failedCounter(template.key(), false);
        }
    }

    void sent(Delivery delivery, Duration sendTime) {
        Counter.builder("sane.mail.sent").description("Mails accepted by the SMTP server")
                .tag("template", delivery.template()).register(meters).increment();
        sendTimer.record(sendTime);
        if (delivery.sourceOccurredAt() != null) {
            Timer.builder("sane.mail.delivery.latency")
                    .description("From the event that called for a mail to its acceptance by SMTP")
                    .tag("template", delivery.template()).publishPercentileHistogram().register(meters)
                    .record(Duration.between(delivery.sourceOccurredAt(), clock.instant()).abs());
        }
    }

    void failed(Delivery delivery, boolean permanent) {
        failedCounter(delivery.template(), permanent).increment();
    }

    private Counter failedCounter(String template, boolean permanent) {
        return Counter.builder("sane.mail.failed").description("Failed mail attempts; permanent=true ends the delivery")
                .tag("template", template).tag("permanent", Boolean.toString(permanent)).register(meters);
    }

    @Scheduled(fixedDelayString = "${sane.notification.metrics-refresh:15s}", initialDelay = 1000)
    public void refresh() {
        try {
            Instant now = clock.instant();
            BacklogCounts.Backlog waiting = counts.backlog();
            backlog.set(waiting.size());
            oldestAgeSeconds.set(waiting.oldestCreatedAt() == null ? 0L
                    : Math.max(0, Duration.between(waiting.oldestCreatedAt(), now).toSeconds()));
        } catch (RuntimeException e) {
            log.debug("backlog metrics not refreshed: {}", e.toString());
        }
    }
}
