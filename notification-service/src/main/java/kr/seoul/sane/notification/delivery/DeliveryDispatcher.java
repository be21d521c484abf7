package kr.seoul.sane.notification.delivery;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.annotation.PreDestroy;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.directory.Department;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends recorded deliveries with a bounded pool of senders. A new delivery is tried at once, and a failed one
 * is tried again by an in-process timer when its retry is due. The schedule itself lives in MongoDB: a slower
 * poll (and one right after start) picks up whatever is due that no timer of this process knows about —
 * retries of a restarted or crashed instance, deliveries whose sender died, new ones the pool had no room for.
 * The poll's query reads many documents on a store without secondary indexes, which is why the timers, not the
 * poll, carry the normal load. Each delivery is claimed by one conditional update before it is sent, so it is
 * never sent by two senders.
 */
@Component
public class DeliveryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DeliveryStore store;
    private final SmtpGateway smtp;
    private final NotificationEvents events;
    private final OutboxRelay relay;
    private final SentMarks sentMarks;
    private final DeliveryMetrics metrics;
    private final DepartmentDirectory directory;
    private final FailingAddresses failingAddresses;
    private final Clock clock;
    private final EventTracing tracing;
    private final NotificationProperties.Dispatch config;
    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService retryTimer;
    private final AtomicLong lastDrain = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    public DeliveryDispatcher(DeliveryStore store, SmtpGateway smtp, NotificationEvents events, OutboxRelay relay,
                              SentMarks sentMarks, DeliveryMetrics metrics, DepartmentDirectory directory,
                              FailingAddresses failingAddresses, Clock clock,
                              NotificationProperties properties, EventTracing tracing) {
        this.store = store;
        this.failingAddresses = failingAddresses;
        this.tracing = tracing;
        this.smtp = smtp;
        this.events = events;
        this.relay = relay;
        this.sentMarks = sentMarks;
        this.metrics = metrics;
        this.directory = directory;
        this.clock = clock;
        this.config = properties.dispatch();
        AtomicInteger threadNumber = new AtomicInteger();
        // department mails first: under a backlog the mail a proposal waits for overtakes receipts and copies
        this.senders = new ThreadPoolExecutor(config.senders(), config.senders(), 30, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(Math.max(16, config.queueCapacity())), runnable -> {
                    Thread thread = new Thread(runnable, "mail-sender-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mail-retry-timer");
            thread.setDaemon(true);
            return thread;
        });
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
        submit(priorityOf(deliveryId),
                () -> store.claimFresh(deliveryId, clock.instant(), config.lease()).ifPresent(this::send));
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
        return smtpMayBeTried() && senders.getQueue().size() + claimedNotYetHanded < config.queueCapacity();
    }

    /**
     * Sends a delivery its insert claimed. A task that waited in the queue until less than half its lease is left
     * renews the claim first (one conditional update, only while the lease still runs), and so does an applicant's
     * mail that waited longer than {@link #FRESH}, so that an erasure that cancelled it meanwhile is honoured; once
     * the lease ran out the delivery is the poll's. Should the queue refuse the task (full), the delivery is put back
     * as due at once (RETRY, the attempt not counted) for the poll, instead of waiting for its lease to run out.
     */
    public void sendClaimed(Delivery delivery) {
        long queuedAt = System.nanoTime();
        boolean queued = submit(priorityOf(delivery.id()), () -> {
            Instant now = clock.instant();
            if (delivery.leaseUntil() == null || !now.isBefore(delivery.leaseUntil())) {
                return;
            }
            boolean leaseHalfGone = !now.isBefore(delivery.leaseUntil().minus(config.lease().dividedBy(2)));
            if (leaseHalfGone || delivery.recipientRole() == RecipientRole.APPLICANT
                    && System.nanoTime() - queuedAt > FRESH.toNanos()) {
                store.renewClaim(delivery.id(), now, config.lease()).ifPresent(this::send);
            } else {
                send(delivery);
            }
        });
        if (!queued) {
            store.scheduleRetry(delivery.id(), clock.instant(), null, false, null);
        }
    }

    /** How long a claimed applicant mail may wait in the queue and still be sent without a second look. */
    static final Duration FRESH = Duration.ofSeconds(2);

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
     * Set when deliveries were left for the poll because the senders' queue was full (or a poll filled all its
     * room): once the queue is half empty the senders refill it from the store at once ({@link #refill}) instead of
     * waiting for the next poll, so a backlog drains at the senders' pace, not at {@code poll-batch} per
     * {@code poll-interval}.
     */
    private final AtomicBoolean backlog = new AtomicBoolean();

    private void refillIfBacklogged() {
        if (backlog.get() && senders.getQueue().size() <= config.queueCapacity() / 2 && smtpMayBeTried()
                && backlog.compareAndSet(true, false)) {
            try {
                retryTimer.execute(this::refill);
            } catch (RejectedExecutionException stopping) {
                // shutting down
            }
        }
    }

    /** Takes the backlog's next deliveries (due ones and PENDING ones whose trigger found no room) into the queue. */
    private void refill() {
        try {
            fillQueue(true);
        } catch (RuntimeException e) {
            backlog.set(true);
            log.warn("delivery refill failed: {}", e.toString());
        }
    }

    /**
     * Queues as many waiting deliveries as the senders have room for (at most {@code poll-batch}), the longest-waiting
     * first: the due ones, and with {@code pendingToo} also the PENDING ones still within their grace. A full batch
     * (or no room) marks a backlog, so the senders ask again once their queue is half empty.
     */
    private void fillQueue(boolean pendingToo) {
        int room = Math.min(config.pollBatch(), config.queueCapacity() - senders.getQueue().size());
        if (room <= 0) {
            backlog.set(true);
            return;
        }
        Instant now = clock.instant();
        List<String> waiting = pendingToo ? store.backlogIds(now, room) : store.dueIds(now, room);
        if (waiting.size() == room) {
            backlog.set(true);
        }
        for (String id : waiting) {
            Runnable claimAndSend = () -> (pendingToo ? store.claimBacklog(id, clock.instant(), config.lease())
                    : store.claimDue(id, clock.instant(), config.lease())).ifPresent(this::send);
            if (!submit(priorityOf(id), claimAndSend)) {
                break;
            }
        }
    }

    /** Outstanding work of the senders (queued + running), for tests and shutdown. */
    public int inFlight() {
        return senders.getQueue().size() + senders.getActiveCount();
    }

    /** One attempt, inside the trace of the event that called for the mail (its log lines and events carry it). */
    void send(Delivery delivery) {
        tracing.within(delivery.traceparent(), "mail delivery", () -> {
            attempt(delivery);
            return null;
        });
    }

    private void attempt(Delivery delivery) {
        long started = System.nanoTime();
        try {
            smtp.send(delivery);
            // SENT and its notification.delivered in one write, several mails' in one bulk; then the relay
            sentMarks.sent(delivery.id(), clock.instant(), events.delivered(delivery));
            failingAddresses.clear(delivery.recipient());
            metrics.sent(delivery, Duration.ofNanos(System.nanoTime() - started));
            log.info("delivery {} sent (attempt {})", delivery.id(), delivery.attempts());
        } catch (CallNotPermittedException e) {
            // nothing was tried: no attempt used; the drain after the circuit closes brings it back early
            Instant next = clock.instant().plus(config.maxRetryDelay());
            store.scheduleRetry(delivery.id(), next, "SMTP 회로 차단 중 (circuit open)", false, null);
        } catch (PermanentMailFailure e) {
            // the server (or the address check) refused this address: operators see it as failing
            failingAddresses.mark(delivery, e.getMessage(), clock.instant());
            failPermanently(delivery, e.getMessage());
        } catch (TransientMailFailure e) {
            retryLater(delivery, e.getMessage());
        } catch (RuntimeException e) {
            log.error("delivery {} failed unexpectedly", delivery.id(), e);
            retryLater(delivery, e.getClass().getSimpleName());
        }
    }

    private void retryLater(Delivery delivery, String error) {
        metrics.failed(delivery, false);
        if (delivery.attempts() >= config.maxAttempts()) {
            failPermanently(delivery, "재시도 한도를 넘었습니다: " + error);
            return;
        }
        Duration delay = retryDelay(delivery.attempts());
        Instant next = clock.instant().plus(delay);
        PendingEvent reported = delivery.attempts() == config.reportTransientAfterAttempts()
                ? events.failed(delivery, delivery.attempts(), false, error) : null;
        if (store.scheduleRetry(delivery.id(), next, error, true, reported)) {
            relay.publishSoon(delivery.id(), reported);
        }
        retryWhenDue(delivery.id(), delay);
        log.warn("delivery {} attempt {} failed, next at {}: {}", delivery.id(), delivery.attempts(), next, error);
    }

    private void failPermanently(Delivery delivery, String error) {
        metrics.failed(delivery, true);
        String fallbackId = fallback(delivery);
        PendingEvent failed = events.failed(delivery, delivery.attempts(), true, error);
        if (store.markFailed(delivery.id(), error, true, fallbackId, failed)) {
            relay.publishSoon(delivery.id(), failed);
        }
        log.error("delivery {} failed permanently{}: {}", delivery.id(),
                fallbackId == null ? "" : ", fallback " + fallbackId, error);
        if (fallbackId != null) {
            trigger(fallbackId);
        }
    }

    /** A department mail that cannot reach its department goes to the PARTNERSHIP mailbox, so the proposal is not stranded. */
    private String fallback(Delivery delivery) {
        Department partnership = directory.fallback();
        if (delivery.recipientRole() != RecipientRole.DEPARTMENT
                || partnership.email().equalsIgnoreCase(delivery.recipient())) {
            return null;
        }
        String id = delivery.id() + ":FALLBACK";
        String original = directory.nameOf(delivery.departmentCode());
        String notice = "원래 담당부서(" + original + ")의 메일 주소로 보낼 수 없어 "
                + partnership.name() + "에게 전달합니다. 알맞은 부서로 이관해 주세요.";
        String html = delivery.htmlBody().replaceFirst("(<body[^>]*>)", "$1"
                + java.util.regex.Matcher.quoteReplacement("<p style=\"margin:0;padding:12px 24px;background:#fff4e5;"
                + "border-bottom:2px solid #d97706;\">※ " + HtmlUtils.htmlEscape(notice) + "</p>"));
        Instant now = clock.instant();
        Delivery copy = new Delivery(id, delivery.sourceEventId(), delivery.sourceEventType(),
                delivery.sourceOccurredAt(), delivery.proposalId(), delivery.traceparent(), delivery.template(),
                RecipientRole.DEPARTMENT, partnership.code(), partnership.email(), List.of(), delivery.subject(),
                "※ " + notice + "\n\n" + delivery.textBody(), html, DeliveryStatus.PENDING, 0, now,
                now.plus(config.pendingGrace()), null, null, null, false, null);
        store.insert(copy);
        return id;
    }

    /** Tries the delivery again when its retry is due; if this process dies first, the poll finds it instead. */
    private void retryWhenDue(String deliveryId, Duration delay) {
        try {
            retryTimer.schedule(() -> {
                if (smtpMayBeTried()) {
                    submit(priorityOf(deliveryId),
                            () -> store.claimDue(deliveryId, clock.instant(), config.lease()).ifPresent(this::send));
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // shutting down: the schedule is in MongoDB
        }
    }

    private Duration retryDelay(int attempts) {
        long base = config.firstRetryDelay().toMillis();
        long delay = base << Math.min(Math.max(attempts - 1, 0), 20);
        delay = Math.min(delay, config.maxRetryDelay().toMillis());
        long jitter = delay / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 5);
        return Duration.ofMillis(delay - delay / 10 + jitter);
    }

    private void probe() {
        submit(() -> {
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
        submit(() -> {
            long due = store.makeRetriesDue(clock.instant());
            if (due > 0) {
                log.info("SMTP is back: {} waiting deliveries are due now", due);
            }
            poll();
        });
    }

    private boolean smtpMayBeTried() {
        return smtp.circuitBreaker().getState() == CircuitBreaker.State.CLOSED;
    }

    private boolean submit(Runnable task) {
        return submit(URGENT, task);
    }

    /** Queues a task unless the queue is full (it is bounded by {@code queue-capacity}); lower priority first. */
    private boolean submit(int priority, Runnable task) {
        if (senders.getQueue().size() >= config.queueCapacity()) {
            backlog.set(true);
            return false;
        }
        try {
            senders.execute(new Prioritized(priority, sequence.incrementAndGet(), () -> {
                try {
                    task.run();
                } finally {
                    refillIfBacklogged();
                }
            }));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Department mails (and their fallback copies) before applicant and operator mails. */
    static int priorityOf(String deliveryId) {
        return deliveryId.contains(":" + RecipientRole.DEPARTMENT.name()) ? DEPARTMENT : OTHERS;
    }

    private static final int URGENT = 0;
    private static final int DEPARTMENT = 1;
    private static final int OTHERS = 2;

    /** A sender task ordered by priority, then first come first served. */
    private record Prioritized(int priority, long sequence, Runnable task) implements Runnable, Comparable<Prioritized> {

        @Override
        public void run() {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("sender task failed: {}", e.toString());
            }
        }

        @Override
        public int compareTo(Prioritized other) {
            int byPriority = Integer.compare(priority, other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        retryTimer.shutdownNow();
        senders.shutdown();
        if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
    }
}
