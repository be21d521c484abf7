package kr.seoul.sane.proposal.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.proposal.attachment.AttachmentStore;
import kr.seoul.sane.proposal.attachment.AttachmentUpload;
import kr.seoul.sane.proposal.model.AttachmentRef;
import kr.seoul.sane.proposal.model.Channel;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.outbox.OutboxRelay;
import kr.seoul.sane.proposal.outbox.SubmittedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.types.ObjectId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * 협력신청 intake: remembers and de-duplicates in one round trip, stores the proposal and its
 * {@code proposal.submitted} event in one insert (outbox), then hands the event to the relay: two round trips on
 * the submit path.
 */
@Service
public class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);
    private static final Pattern LINK = Pattern.compile("(?i)https?://|www\\.");
    private static final int MANY_LINKS = 4;

    private final MongoTemplate mongo;
    private final TrackingCodes codes;
    private final DuplicateDetector duplicates;
    private final SubmittedEvents events;
    private final OutboxRelay relay;
    private final MeterRegistry meters;
    private final Counter duplicateCounter;
    private final AttachmentStore attachments;
    private final Clock clock;

    IntakeService(MongoTemplate mongo, TrackingCodes codes, DuplicateDetector duplicates, SubmittedEvents events,
                  OutboxRelay relay, MeterRegistry meters, AttachmentStore attachments, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.attachments = attachments;
        this.codes = codes;
        this.duplicates = duplicates;
        this.events = events;
        this.relay = relay;
        this.meters = meters;
        this.duplicateCounter = Counter.builder("sane.proposals.duplicates")
                .description("Submissions answered with an earlier proposal's tracking code").register(meters);
    }

    /**
     * @param signals anti-spam signals already observed by the channel (honeypot, fill time); content signals
     *                are added here. A suspicious proposal is accepted and flagged, never rejected.
     */
    public Receipt submit(ValidProposal v, Channel channel, List<String> signals) {
        return submit(v, channel, signals, null);
    }

    /**
     * @param upload an already checked attachment or null. It is stored first (on its own), then the proposal
     *               that refers to it; a failed proposal insert deletes it again, a crash in between leaves an
     *               orphan file for {@link kr.seoul.sane.proposal.attachment.AttachmentJanitor}. A duplicate
     *               stores nothing.
     */
    public Receipt submit(ValidProposal v, Channel channel, List<String> signals, AttachmentUpload upload) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String emailKey = v.email().toLowerCase(Locale.ROOT);
        List<String> reasons = new ArrayList<>(signals);
        if (LINK.matcher(v.content()).results().count() >= MANY_LINKS) {
            reasons.add("MANY_LINKS");
        }
        Proposal p = new Proposal();
        p.setOrganization(v.organization());
        p.setOrganizationType(v.organizationType());
        p.setContactName(v.contactName());
        p.setEmail(v.email());
        p.setEmailKey(emailKey);
        p.setPhone(v.phone());
        p.setTitle(v.title());
        p.setContent(v.content());
        p.setField(v.field());
        p.setLanguage(v.language());
        p.setChannel(channel);
        p.setSuspicious(!reasons.isEmpty());
        p.setSuspicionReasons(reasons);
        p.setSubmittedAt(now);
        p.setStatus(ProposalStatus.SUBMITTED);
        p.setTimeline(new ArrayList<>(List.of(new TimelineEntry(ProposalStatus.SUBMITTED, now, null))));
        // the id is drawn now: the duplicate memory refers to it in the same round trip as the check
        p.setId(new ObjectId().toHexString());
        DuplicateDetector.Check recent = duplicates.rememberAndCheck(p, now);
        Optional<Proposal> earlier = recent.earlier();
        if (earlier.isPresent()) {
            forget(p);
            Proposal first = earlier.get();
            duplicateCounter.increment();
            log.info("duplicate submission answered with proposal {} ({})", first.getId(), first.getTrackingCode());
            return new Receipt(first.getId(), first.getTrackingCode(), first.getStatus(), true);
        }
        AttachmentRef attachment = upload == null ? null : attachments.save(upload, now);
        p.setAttachment(attachment);
        PendingEvent event;
        try {
            event = insert(p, now);
        } catch (RuntimeException e) {
            forget(p);
            if (attachment != null) {
                try {
                    attachments.delete(attachment.id());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        if (attachment != null) {
            try {
                attachments.link(attachment.id(), p.getId());
            } catch (RuntimeException e) {
                log.warn("attachment {} of proposal {} not linked yet (the janitor will): {}", attachment.id(),
                        p.getId(), kr.seoul.sane.proposal.model.PersonalData.describe(e));
            }
        }
        relay.publishSoon(p.getId(), event);
        if (recent.stale()) {
            try {
                duplicates.prune(emailKey, now);
            } catch (RuntimeException e) {
                log.warn("old duplicate-detection entries of proposal {}'s e-mail not pruned yet: {}", p.getId(),
                        kr.seoul.sane.proposal.model.PersonalData.describe(e));
            }
        }
        meters.counter("sane.proposals.submitted",
                "field", v.field() == null ? "UNKNOWN" : v.field(), "channel", channel.tag()).increment();
        log.debug("proposal {} accepted as {} via {}{}", p.getId(), p.getTrackingCode(), channel.tag(),
                reasons.isEmpty() ? "" : " (flagged: " + reasons + ")");
        return new Receipt(p.getId(), p.getTrackingCode(), p.getStatus(), false);
    }

    /** The duplicate memory's entry of a proposal that will not be stored; a failure only weakens the check. */
    private void forget(Proposal p) {
        try {
            duplicates.forget(p);
        } catch (RuntimeException e) {
            log.warn("duplicate-detection entry of {} not removed: {}", p.getId(),
                    kr.seoul.sane.proposal.model.PersonalData.describe(e));
        }
    }

    /** One insert holds the proposal and its pending event; a tracking-code collision just draws a new code. */
    private PendingEvent insert(Proposal p, Instant now) {
        for (int attempt = 0; ; attempt++) {
            p.setTrackingCode(codes.next());
            PendingEvent event = events.of(p, now);
            p.setPendingEvents(new ArrayList<>(List.of(event)));
            try {
                mongo.insert(p);
                return event;
            } catch (DuplicateKeyException e) {
                if (attempt >= 4) {
                    throw e;
                }
            }
        }
    }
}
