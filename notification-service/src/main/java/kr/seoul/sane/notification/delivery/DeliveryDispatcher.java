package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.annotation.PreDestroy;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends recorded deliveries with a bounded pool of senders ({@link SenderPool}). A new delivery is tried at once,
 * and a failed one is tried again by an in-process timer when its retry is due. The schedule itself lives in
 * MongoDB: a slower poll (and one right after start) picks up whatever is due that no timer of this process knows
 * about — retries of a restarted or crashed instance, deliveries whose sender died, new ones the pool had no room
 * for. The poll's query reads many documents on a store without secondary indexes, which is why the timers, not the
 * poll, carry the normal load. Each delivery is claimed ({@link DeliveryClaims}) before it is sent, so it is never
 * sent by two senders; the attempt and its outcome are {@link DeliveryAttempts}.
 */
@Component
public class DeliveryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    /** How long a claimed applicant mail may wait in the queue and still be sent without a second look. */
    static final Duration FRESH = Duration.ofSeconds(2);

    private final DeliveryClaims claims;
    private final ErasureMarks erasures;
    private final DeliveryOutcomes outcomes;
    private final DeliveryAttempts attempts;
    private final SmtpGateway smtp;
    private final Clock clock;
    private final EventTracing tracing;
    private final NotificationProperties.Dispatch config;
    private final SenderPool pool;
    private final AtomicLong lastDrain = new AtomicLong();

    DeliveryDispatcher(DeliveryClaims claims, ErasureMarks erasures, DeliveryOutcomes outcomes,
                       DeliveryAttempts attempts, SmtpGateway smtp, Clock clock, NotificationProperties properties,
                       EventTracing tracing) {
        this.claims = claims;
        this.erasures = erasures;
        this.outcomes = outcomes;
        this.attempts = attempts;
        this.smtp = smtp;
        this.clock = clock;
        this.tracing = tracing;
        this.config = properties.dispatch();
        // department mails first: under a backlog the mail a proposal waits for overtakes receipts and copies
        this.pool = new SenderPool(config.senders(), config.queueCapacity(), this::refillIfBacklogged);
        smtp.circuitBreaker().getEventPublisher().onStateTransition(event -> {
            log.warn("SMTP circuit {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                drainSoon();
            }
        });
    }

    /** Tries a freshly recorded delivery now, if a sender has room; otherwise the poll picks it up. */
    public void trigger(String deliveryId) {
        if (!smtpMayBeTried()) {
            return;
        }
        pool.submit(SenderPool.priorityOf(deliveryId),
                () -> claims.claimFresh(deliveryId, clock.instant(), config.lease()).ifPresent(this::send));
    }

    /**
     * Whether a delivery about to be recorded can be claimed by its own insert (recorded as SENDING with a lease
     * and handed to {@link #sendClaimed}): SMTP may be tried and the senders have room. Saves the claim's round
     * trip; the unique id makes the insert the claim, so two instances never both own it.
     */
    public boolean canClaimAtInsert() {
        return canClaimAtInsert(0);
    }

    /**
     * The same, with {@code claimedNotYetHanded} deliveries already claimed by inserts still to be written (a polled
     * batch claims its mails while it plans them and hands them to the senders only when they are written): they
     * take queue room too, so a batch never claims more than the queue can take (a claimed delivery the queue
     * refused would wait for its lease to run out).
     */
    public boolean canClaimAtInsert(int claimedNotYetHanded) {
        return smtpMayBeTried() && pool.queued() + claimedNotYetHanded < config.queueCapacity();
    }

    /**
     * Sends a delivery its insert claimed. A task that waited in the queue until less than half its lease is left
     * renews the claim first (one conditional update, only while the lease still runs), and so does an applicant's
     * mail that waited longer than {@link #FRESH} when an erasure came after it was recorded ({@link ErasureMarks}),
     * so that an erasure that cancelled it meanwhile is honoured; once the lease ran out the delivery is the poll's. Should the queue refuse the task (full), the delivery is put back
     * as due at once (RETRY, the attempt not counted) for the poll, instead of waiting for its lease to run out.
     */
    public void sendClaimed(Delivery delivery) {
        long queuedAt = System.nanoTime();
        boolean queued = pool.submit(SenderPool.priorityOf(delivery.id()), () -> {
            Instant now = clock.instant();
            if (delivery.leaseUntil() == null || !now.isBefore(delivery.leaseUntil())) {
                return;
            }
            boolean leaseHalfGone = !now.isBefore(delivery.leaseUntil().minus(config.lease().dividedBy(2)));
            if (leaseHalfGone || delivery.recipientRole() == RecipientRole.APPLICANT
                    && System.nanoTime() - queuedAt > FRESH.toNanos()
                    && erasures.mayHaveCancelled(delivery.createdAt())) {
                claims.renewClaim(delivery.id(), now, config.lease()).ifPresent(this::send);
            } else {
                send(delivery);
            }
        });
        if (!queued) {
            outcomes.scheduleRetry(delivery.id(), clock.instant(), null, false, null);
        }
    }

    /** Sends every due delivery the senders have room for. */
    @Scheduled(fixedDelayString = "${sane.notification.dispatch.poll-interval:20s}", initialDelay = 2000)
    public void poll() {
        try {
            CircuitBreaker.State state = smtp.circuitBreaker().getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                return;
            }
            if (state == CircuitBreaker.State.HALF_OPEN) {
                probe();
                return;
            }
            fillQueue(false);
        } catch (RuntimeException e) {
            log.warn("delivery poll failed: {}", e.toString());
        }
    }

    /**
     * After each sender task: when deliveries were left for the poll because the senders' queue was full (or a poll
     * filled all its room) and the queue is half empty now, the senders refill it from the store at once
     * ({@link #refill}) instead of waiting for the next poll, so a backlog drains at the senders' pace, not at
     * {@code poll-batch} per {@code poll-interval}.
     */
    private void refillIfBacklogged() {
        if (pool.backlogAndHalfEmpty() && smtpMayBeTried() && pool.takeBacklog()) {
            pool.soon(this::refill);
        }
    }

    /** Takes the backlog's next deliveries (due ones and PENDING ones whose trigger found no room) into the queue. */
    private void refill() {
        try {
            fillQueue(true);
        } catch (RuntimeException e) {
            pool.markBacklog();
            log.warn("delivery refill failed: {}", e.toString());
        }
    }

    /**
     * Queues as many waiting deliveries as the senders have room for (at most {@code poll-batch}), the longest-waiting
     * first: the due ones, and with {@code pendingToo} also the PENDING ones still within their grace. A full batch
     * (or no room) marks a backlog, so the senders ask again once their queue is half empty.
     */
    private void fillQueue(boolean pendingToo) {
        int room = Math.min(config.pollBatch(), config.queueCapacity() - pool.queued());
        if (room <= 0) {
            pool.markBacklog();
            return;
        }
        Instant now = clock.instant();
        List<String> waiting = pendingToo ? claims.backlogIds(now, room) : claims.dueIds(now, room);
        if (waiting.size() == room) {
            pool.markBacklog();
        }
        // claimed together (two commands for the batch, not one per mail), then sent as an insert's claim is: a
        // task that waited long renews its lease first, one the queue refuses is made due again at once
        for (Delivery delivery : claims.claimAll(waiting, pendingToo, clock.instant(), config.lease())) {
            sendClaimed(delivery);
        }
    }

    /** Outstanding work of the senders (queued + running), for tests and shutdown. */
    public int inFlight() {
        return pool.inFlight();
    }

    /** One attempt, inside the trace of the event that called for the mail (its log lines and events carry it). */
    void send(Delivery delivery) {
        tracing.within(delivery.traceparent(), "mail delivery", () -> {
            DeliveryAttempts.FollowUp next = attempts.attempt(delivery);
            if (next.retryIn() != null) {
                retryWhenDue(delivery.id(), next.retryIn());
            }
            if (next.fallbackId() != null) {
                trigger(next.fallbackId());
            }
            return null;
        });
    }

    /** Tries the delivery again when its retry is due; if this process dies first, the poll finds it instead. */
    private void retryWhenDue(String deliveryId, Duration delay) {
        pool.after(delay, () -> {
            if (smtpMayBeTried()) {
                pool.submit(SenderPool.priorityOf(deliveryId),
                        () -> claims.claimDue(deliveryId, clock.instant(), config.lease()).ifPresent(this::send));
            }
        });
    }

    private void probe() {
        pool.submit(() -> {
            try {
                smtp.probe();
            } catch (RuntimeException e) {
                log.info("SMTP still unavailable: {}", e.getMessage());
            }
        });
    }

    private void drainSoon() {
        long now = clock.millis();
        if (now - lastDrain.getAndSet(now) < 1000) {
            return;
        }
        pool.submit(() -> {
            long due = claims.makeRetriesDue(clock.instant());
            if (due > 0) {
                log.info("SMTP is back: {} waiting deliveries are due now", due);
            }
            poll();
        });
    }

    private boolean smtpMayBeTried() {
        return smtp.circuitBreaker().getState() == CircuitBreaker.State.CLOSED;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        pool.stop();
    }
}
