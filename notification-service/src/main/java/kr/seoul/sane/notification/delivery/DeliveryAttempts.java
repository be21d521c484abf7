package kr.seoul.sane.notification.delivery;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import kr.seoul.sane.notification.config.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One attempt to send a claimed delivery and the recording of its outcome: SENT (in bulk, {@link SentMarks}), RETRY
 * with a growing delay, or FAILED (the address marked failing, a department mail copied to the PARTNERSHIP
 * mailbox); each outcome with its {@code notification.*} event in the outbox.
 */
@Component
class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    /** What the dispatcher does next: send the fallback copy, or try the delivery again after a delay. */
    record FollowUp(String fallbackId, Duration retryIn) {
        static final FollowUp NONE = new FollowUp(null, null);
    }

    private final SmtpGateway smtp;
    private final DeliveryOutcomes outcomes;
    private final NotificationEvents events;
    private final OutboxRelay relay;
    private final SentMarks sentMarks;
    private final DeliveryMetrics metrics;
    private final FailingAddresses failingAddresses;
    private final FallbackCopies fallbacks;
    private final Clock clock;
    private final NotificationProperties.Dispatch config;

    DeliveryAttempts(SmtpGateway smtp, DeliveryOutcomes outcomes, NotificationEvents events, OutboxRelay relay,
                     SentMarks sentMarks, DeliveryMetrics metrics, FailingAddresses failingAddresses,
                     FallbackCopies fallbacks, Clock clock, NotificationProperties properties) {
        this.smtp = smtp;
        this.outcomes = outcomes;
        this.events = events;
        this.relay = relay;
        this.sentMarks = sentMarks;
        this.metrics = metrics;
        this.failingAddresses = failingAddresses;
        this.fallbacks = fallbacks;
        this.clock = clock;
        this.config = properties.dispatch();
    }

    FollowUp attempt(Delivery delivery) {
        long started = System.nanoTime();
        try {
            smtp.send(delivery);
            // SENT and its notification.delivered in one write, several mails' in one bulk; then the relay
            sentMarks.sent(delivery.id(), clock.instant(), events.delivered(delivery));
            failingAddresses.clear(delivery.recipient());
            metrics.sent(delivery, Duration.ofNanos(System.nanoTime() - started));
            log.debug("delivery {} sent (attempt {})", delivery.id(), delivery.attempts());
            return FollowUp.NONE;
        } catch (CallNotPermittedException e) {
            // nothing was tried: no attempt used; the drain after the circuit closes brings it back early
            Instant next = clock.instant().plus(config.maxRetryDelay());
            outcomes.scheduleRetry(delivery.id(), next, "SMTP 회로 차단 중 (circuit open)", false, null);
            return FollowUp.NONE;
        } catch (PermanentMailFailure e) {
            // the server (or the address check) refused this address: operators see it as failing
            failingAddresses.mark(delivery, e.getMessage(), clock.instant());
            return failPermanently(delivery, e.getMessage());
        } catch (TransientMailFailure e) {
            return retryLater(delivery, e.getMessage());
        } catch (RuntimeException e) {
            log.error("delivery {} failed unexpectedly", delivery.id(), e);
            return retryLater(delivery, e.getClass().getSimpleName());
        }
    }

    private FollowUp retryLater(Delivery delivery, String error) {
        metrics.failed(delivery, false);
        if (delivery.attempts() >= config.maxAttempts()) {
            return failPermanently(delivery, "재시도 한도를 넘었습니다: " + error);
        }
        Duration delay = retryDelay(delivery.attempts());
        Instant next = clock.instant().plus(delay);
        PendingEvent reported = delivery.attempts() == config.reportTransientAfterAttempts()
                ? events.failed(delivery, delivery.attempts(), false, error) : null;
        if (outcomes.scheduleRetry(delivery.id(), next, error, true, reported)) {
            relay.publishSoon(delivery.id(), reported);
        }
        log.warn("delivery {} attempt {} failed, next at {}: {}", delivery.id(), delivery.attempts(), next, error);
        return new FollowUp(null, delay);
    }

    private FollowUp failPermanently(Delivery delivery, String error) {
        metrics.failed(delivery, true);
        String fallbackId = fallbacks.record(delivery);
        PendingEvent failed = events.failed(delivery, delivery.attempts(), true, error);
        if (outcomes.markFailed(delivery.id(), error, true, fallbackId, failed)) {
            relay.publishSoon(delivery.id(), failed);
        }
        log.error("delivery {} failed permanently{}: {}", delivery.id(),
                fallbackId == null ? "" : ", fallback " + fallbackId, error);
        return fallbackId == null ? FollowUp.NONE : new FollowUp(fallbackId, null);
    }

    private Duration retryDelay(int attempts) {
        long base = config.firstRetryDelay().toMillis();
        long delay = base << Math.min(Math.max(attempts - 1, 0), 20);
        delay = Math.min(delay, config.maxRetryDelay().toMillis());
        long jitter = delay / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 5);
        return Duration.ofMillis(delay - delay / 10 + jitter);
    }
}
