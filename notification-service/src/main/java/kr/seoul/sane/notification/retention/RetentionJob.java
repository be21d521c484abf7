package kr.seoul.sane.notification.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.notification.contact.ContactRetention;
import kr.seoul.sane.notification.delivery.DeliveryAnonymisation;
import kr.seoul.sane.notification.reminder.DepartmentAssignment;
import kr.seoul.sane.notification.support.IdRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The retention period ({@code platform.retention.days}, default 1095, the same property and period as proposal- and
 * routing-service's). This service is not told when a proposal closes ({@code proposal.status-changed} is only
 * mailed, not stored), so it counts from the last trace of the proposal it holds: the contact's last
 * {@code proposal.submitted} / {@code proposal.routed} and the proposal's last recorded mail (every status change
 * the applicant is told about, reminders and escalations included). When both are older than the period and no mail
 * of the proposal is still waiting, the contact becomes a tombstone ({@link ContactRetention}), the proposal's
 * applicant deliveries lose the address ({@link DeliveryAnonymisation}) and its reminder clock the title and
 * organisation. Then finished deliveries recorded before the cutoff lose their rendered mail (all mails of the
 * proposals above are among them) and addresses that last failed before it are forgotten.
 *
 * <p>Runs daily ({@code platform.retention.cron}, default 03:30 Seoul time) in pages of
 * {@code platform.retention.batch} (default 500) contacts, one multi-document write per kind of record and page;
 * idempotent (an anonymised record is not selected again). No TTL index: the embedded store has none.
 */
@Component
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final ContactRetention contacts;
    private final DeliveryAnonymisation deliveries;
    private final MongoTemplate mongo;
    private final Duration retention;
    private final int batch;
    private final Clock clock;
    private final Counter contactsAnonymised;
    private final Counter deliveriesAnonymised;
    private final Counter failingAddressesForgotten;

    RetentionJob(ContactRetention contacts, DeliveryAnonymisation deliveries, MongoTemplate mongo,
                 @Value("${platform.retention.days:1095}") long days,
                 @Value("${platform.retention.batch:500}") int batch, MeterRegistry meters, Clock clock) {
        if (days < 1 || batch < 1) {
            throw new IllegalArgumentException("platform.retention.days and platform.retention.batch must be positive");
        }
        this.contacts = contacts;
        this.deliveries = deliveries;
        this.mongo = mongo;
        this.retention = Duration.ofDays(days);
        this.batch = batch;
        this.clock = clock;
        this.contactsAnonymised = anonymised(meters, "contact");
        this.deliveriesAnonymised = anonymised(meters, "delivery");
        this.failingAddressesForgotten = anonymised(meters, "failing_address");
    }

    private static Counter anonymised(MeterRegistry meters, String record) {
        return Counter.builder("sane.notification.anonymized").tag("record", record)
                .description("Records whose personal data the retention job removed").register(meters);
    }

    @Scheduled(cron = "${platform.retention.cron:0 30 3 * * *}", zone = "Asia/Seoul")
    void scheduled() {
        Instant now = clock.instant();
        try {
            run(now);
        } catch (RuntimeException e) {
            // the message could quote a stored value: only the kind of failure is logged
            log.warn("retention pass as of {} failed, the next run retries: {}", now, e.getClass().getName());
        }
    }

    /** What one pass changed. */
    public record Pass(long contacts, long deliveries, long failingAddresses) {
    }

    /** One pass as of {@code now}. */
    public Pass run(Instant now) {
        Instant cutoff = now.minus(retention);
        long contactCount = 0;
        long deliveryCount = 0;
        String after = null;
        while (true) {
            List<String> idle = contacts.idleSince(cutoff, after, batch);
            if (idle.isEmpty()) {
                break;
            }
            after = idle.getLast();
            List<String> due = new ArrayList<>(idle);
            Set<String> active = deliveries.stillActive(idle, cutoff);
            due.removeAll(active);
            if (!due.isEmpty()) {
                contactCount += contacts.expire(due, cutoff, now);
                deliveryCount += deliveries.anonymiseApplicantMails(due, now);
                withoutText(due);
            }
            if (idle.size() < batch) {
                break;
            }
        }
        long stripped;
        do {
            stripped = deliveries.stripBodiesRecordedBefore(cutoff, batch);
            deliveryCount += stripped;
        } while (stripped == batch);
        long failing = deliveries.forgetFailingAddresses(cutoff);
        contactsAnonymised.increment(contactCount);
        deliveriesAnonymised.increment(deliveryCount);
        failingAddressesForgotten.increment(failing);
        if (contactCount + deliveryCount + failing > 0) {
            log.info("retention: {} contact(s), {} deliveries and {} failing address(es) anonymised (cutoff {})",
                    contactCount, deliveryCount, failing, cutoff);
        }
        return new Pass(contactCount, deliveryCount, failing);
    }

    /** The reminder clocks of these proposals keep their dates and department, not the proposal's text. */
    private void withoutText(List<String> proposalIds) {
        mongo.updateMulti(Query.query(IdRange.within("_id", proposalIds).and("title").ne(null)),
                new Update().unset("title").unset("organization"), DepartmentAssignment.class);
    }
}
