package kr.seoul.sane.notification.delivery;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records accepted mails as SENT, with their {@code notification.delivered} in the outbox, several in one bulk
 * write: what the senders accepted within {@code linger} of the first. Until then a mail stays SENDING under its
 * lease, as it is while it is being sent; the outbox entries recorded are handed to the {@link OutboxRelay}.
 */
@Component
class SentMarks {

    private static final Logger log = LoggerFactory.getLogger(SentMarks.class);

    private final DeliveryOutcomes outcomes;
    private final OutboxRelay relay;
    private final Duration linger;
    private final int batchSize;
    private final BlockingQueue<DeliveryOutcomes.Sent> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    /** The batch being written (written again at shutdown if the write was cut short). */
    private volatile List<DeliveryOutcomes.Sent> current;
    private volatile boolean stopping;

    SentMarks(DeliveryOutcomes outcomes, OutboxRelay relay,
              @Value("${sane.notification.outbox.linger:20ms}") Duration linger,
              @Value("${sane.notification.outbox.batch:200}") int batchSize) {
        this.outcomes = outcomes;
        this.relay = relay;
        this.linger = linger;
        this.batchSize = batchSize;
        this.worker = Thread.ofPlatform().daemon().name("sent-marks").unstarted(this::run);
        this.worker.start();
    }

    /** The mail was accepted by SMTP: SENT (with its event) in the next bulk write. */
    void sent(String deliveryId, Instant sentAt, PendingEvent delivered) {
        queue.add(new DeliveryOutcomes.Sent(deliveryId, sentAt, delivered));
    }

    private void run() {
        while (!stopping) {
            try {
                List<DeliveryOutcomes.Sent> batch = new ArrayList<>();
                batch.add(queue.take());
                current = batch;
                if (!linger.isZero()) {
                    Thread.sleep(linger.toMillis());
                }
                queue.drainTo(batch, batchSize - 1);
                write(batch);
                current = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<DeliveryOutcomes.Sent> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                Set<String> recorded = outcomes.markAllSent(batch);
                for (DeliveryOutcomes.Sent sent : batch) {
                    if (recorded.contains(sent.deliveryId())) {
                        relay.publishSoon(sent.deliveryId(), sent.event());
                    }
                }
                return;
            } catch (RuntimeException e) {
                // the store is unreachable: keep trying (a mail whose lease runs out before it is recorded may be
                // sent again by the poll, as after a crash; it carries the same Message-ID)
                log.warn("{} sent mail(s) not recorded yet (attempt {}): {}", batch.size(), attempt, e.toString());
                if (stopping) {
                    return;
                }
                try {
                    Thread.sleep(Math.min(5000, 200L << Math.min(attempt, 5)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** After the senders stopped (the dispatcher depends on this bean): what is left is written now. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(5));
        List<DeliveryOutcomes.Sent> rest = new ArrayList<>();
        List<DeliveryOutcomes.Sent> cut = current;
        if (cut != null) {
            rest.addAll(cut);
        }
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try {
                outcomes.markAllSent(rest);
            } catch (RuntimeException e) {
                log.warn("{} sent mail(s) not recorded at shutdown: {}", rest.size(), e.toString());
            }
        }
    }
}
