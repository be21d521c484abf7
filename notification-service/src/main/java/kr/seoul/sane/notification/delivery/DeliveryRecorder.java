package kr.seoul.sane.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.mail.MailTemplate;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes the deliveries an event calls for, before anything is sent, and hands them to the dispatcher.
 * Fast and never blocked by SMTP: consumers only call this.
 */
@Component
public class DeliveryRecorder {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

    private final DeliveryStore store;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;
    private final NotificationProperties properties;
    private final Counter duplicates;
    private final EventTracing tracing;

    public DeliveryRecorder(DeliveryStore store, DeliveryDispatcher dispatcher, Clock clock,
                            NotificationProperties properties, MeterRegistry meters, EventTracing tracing) {
        this.tracing = tracing;
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.properties = properties;
        this.duplicates = Counter.builder("sane.mail.duplicates")
                .description("Mails an event called for that were already recorded (redelivered or replayed events)")
                .register(meters);
    }

    /**
     * Records the mail unless this (event, template, recipient role) is already known. The unique index decides
     * (one round trip); a duplicate only costs the rendering.
     * @return true when a new delivery was recorded
     */
    public boolean record(SourceEvent source, MailTemplate template, Supplier<MailRequest> request) {
        return insert(Delivery.idFor(source.eventId(), template.key(), template.role()), source, request.get());
    }

    /**
     * One mail an event calls for, rendered only when recorded; {@code id} null = one per (event, template,
     * recipient role), else the given delivery id.
     */
    public record Planned(String id, MailTemplate template, Supplier<MailRequest> request) {

        public Planned(MailTemplate template, Supplier<MailRequest> request) {
            this(null, template, request);
        }

        String idFor(SourceEvent source) {
            return id != null ? id : Delivery.idFor(source.eventId(), template.key(), template.role());
        }
    }

    /**
     * Records several mails of one event in one bulk insert, in the given order (the first is triggered first),
     * then hands the new ones to the dispatcher.
     * @return how many were new
     */
    public int recordAll(SourceEvent source, List<Planned> mails) {
        Instant now = clock.instant();
        Batch batch = batches.get();
        boolean claim = dispatcher.canClaimAtInsert(claimedIn(batch) + mails.size() - 1);
        List<Delivery> deliveries = new ArrayList<>(mails.size());
        for (Planned mail : mails) {
            deliveries.add(delivery(mail.idFor(source), source, mail.request().get(), now, claim));
        }
        if (batch != null) {
            batch.gather(deliveries);
            return deliveries.size();
        }
        return insertAndHand(deliveries);
    }

    /**
     * Runs {@code work} (the planning of a batch of events) with the deliveries it records gathered and written
     * at the end in one bulk insert (the unique ids are the idempotency guard within that write), then handed to
     * the senders. {@link #flush()} writes what gathered so far earlier (before an erasure is handled, or before
     * a failing record is reported, so that every record before it has its deliveries written).
     */
    public void batch(Runnable work) {
        if (batches.get() != null) {
            work.run();
            return;
        }
        batches.set(new Batch());
        try {
            work.run();
            flush();
        } finally {
            batches.remove();
        }
    }

    /** Writes the deliveries gathered by the current {@link #batch} so far (nothing outside a batch). */
    public void flush() {
        flush(Set.of());
    }

    /**
     * Writes the deliveries gathered by the current {@link #batch} so far, except those of {@code erasedProposals}
     * (the applicant had their personal data erased: nothing is mailed for the proposal any more).
     */
    public void flush(Set<String> erasedProposals) {
        Batch batch = batches.get();
        if (batch != null && !batch.deliveries.isEmpty()) {
            List<Delivery> deliveries = new ArrayList<>(batch.deliveries.size());
            for (Delivery delivery : batch.deliveries) {
                if (erasedProposals.contains(delivery.proposalId())) {
                    log.info("delivery {} not recorded: the applicant's personal data of proposal {} was erased",
                            delivery.id(), delivery.proposalId());
                } else {
                    deliveries.add(delivery);
                }
            }
            batch.clear();
            insertAndHand(deliveries);
        }
    }

    /** This thread's {@link #batch}, null outside one. */
    private final ThreadLocal<Batch> batches = new ThreadLocal<>();

    private static int claimedIn(Batch batch) {
        return batch == null ? 0 : batch.claimed;
    }

    /** The deliveries a batch gathered, and how many of them their insert claims (they will take queue room). */
    private static final class Batch {

        private final List<Delivery> deliveries = new ArrayList<>();
        private int claimed;

        void gather(List<Delivery> planned) {
            deliveries.addAll(planned);
            for (Delivery delivery : planned) {
                if (delivery.status() == DeliveryStatus.SENDING) {
                    claimed++;
                }
            }
        }

        void clear() {
            deliveries.clear();
            claimed = 0;
        }
    }

    private int insertAndHand(List<Delivery> planned) {
        // an event redelivered within one batch: its deliveries once (the unique index decides against the store)
        Map<String, Delivery> unique = new LinkedHashMap<>();
        for (Delivery delivery : planned) {
            if (unique.putIfAbsent(delivery.id(), delivery) != null) {
                duplicates.increment();
            }
        }
        List<Delivery> deliveries = List.copyOf(unique.values());
        Set<String> inserted = store.insertAll(deliveries);
        for (Delivery delivery : deliveries) {
            if (inserted.contains(delivery.id())) {
                // written at the end of a batch: logged and handed over in the trace of the event that called for it
                tracing.within(delivery.traceparent(), "delivery recorded", () -> {
                    log.debug("delivery {} recorded for proposal {}", delivery.id(), delivery.proposalId());
                    hand(delivery);
                    return null;
                });
            } else {
                duplicates.increment();
                log.debug("delivery {} already recorded", delivery.id());
            }
        }
        return inserted.size();
    }

    /** Records a mail under an explicit id (fallback copies), then triggers it (within a {@link #batch}: later). */
    public boolean insert(String id, SourceEvent source, MailRequest request) {
        Batch batch = batches.get();
        Delivery delivery = delivery(id, source, request, clock.instant(),
                dispatcher.canClaimAtInsert(claimedIn(batch)));
        if (batch != null) {
            batch.gather(List.of(delivery));
            return true;
        }
        if (!store.insert(delivery)) {
            duplicates.increment();
            log.debug("delivery {} already recorded", id);
            return false;
        }
        log.debug("delivery {} recorded for proposal {}", id, source.proposalId());
        hand(delivery);
        return true;
    }

    /** A delivery its insert claimed is sent at once; a PENDING one is triggered (or left to the poll). */
    private void hand(Delivery delivery) {
        if (delivery.status() == DeliveryStatus.SENDING) {
            dispatcher.sendClaimed(delivery);
        } else {
            dispatcher.trigger(delivery.id());
        }
    }

    /**
     * The delivery as recorded: claimed by its insert (SENDING, first attempt, leased) when the senders can take
     * it now, else PENDING for the trigger or the poll after {@code pending-grace}.
     */
    private Delivery delivery(String id, SourceEvent source, MailRequest request, Instant now, boolean claim) {
        var dispatch = properties.dispatch();
        return new Delivery(id, source.eventId(), source.type(), source.occurredAt(),
                source.proposalId(), source.traceparent(), request.template().key(), request.template().role(),
                request.departmentCode(), request.recipient(), request.cc() == null ? List.of() : request.cc(),
                request.mail().subject(), MailBody.of(request.mail().text()), MailBody.of(request.mail().html()),
                claim ? DeliveryStatus.SENDING : DeliveryStatus.PENDING, claim ? 1 : 0, now,
                claim ? null : now.plus(dispatch.pendingGrace()), claim ? now.plus(dispatch.lease()) : null,
                null, null, false, null);
    }
}
