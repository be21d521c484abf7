package kr.seoul.sane.notification.retention;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kr.seoul.sane.notification.contact.ApplicantContacts;
import kr.seoul.sane.notification.contact.ContactRetention;
import kr.seoul.sane.notification.delivery.Delivery;
import kr.seoul.sane.notification.delivery.DeliveryAnonymisation;
import kr.seoul.sane.notification.delivery.DeliveryStatus;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import kr.seoul.sane.notification.delivery.FailingAddresses.FailingAddress;
import kr.seoul.sane.notification.delivery.MailBody;
import kr.seoul.sane.notification.mail.RecipientRole;
import kr.seoul.sane.notification.reminder.DepartmentAssignment;
import kr.seoul.sane.notification.reminder.DepartmentAssignments;
import kr.seoul.sane.notification.EmbeddedStore;
import kr.seoul.sane.opssecurity.time.FixedDates;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention pass on each fixed date (10:00 in Seoul, the clock fixed there) against the embedded store: a
 * proposal whose last trace here (contact update, recorded mail) is a little older than 1095 days loses the
 * applicant's address, the rendered mails and its text; one a little younger, one with a later mail and one with a
 * mail still waiting keep everything; a second pass changes nothing.
 */
class RetentionJobTest {

    private static final Duration PERIOD = Duration.ofDays(1095);

    private final MongoTemplate mongo = EmbeddedStore.template("retention");
    private final ApplicantContacts contacts = new ApplicantContacts(mongo);
    private final DeliveryStore deliveries = new DeliveryStore(mongo);
    private final DepartmentAssignments assignments = new DepartmentAssignments(mongo);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private RetentionJob job(Clock clock, int batch) {
        return new RetentionJob(new ContactRetention(mongo), new DeliveryAnonymisation(mongo), mongo, 1095, batch,
                meters, clock);
    }

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void aProposalLastSeenMoreThanThreeYearsAgoLosesItsPersonalDataAndOnlyThat(FixedDates day) {
        Instant cutoff = day.instant().minus(PERIOD);
        String closed = proposal(cutoff.minus(Duration.ofDays(40)));
        Delivery receipt = delivery(closed, "applicant-receipt", RecipientRole.APPLICANT, DeliveryStatus.SENT,
                cutoff.minus(Duration.ofDays(40)));
        Delivery departmentMail = delivery(closed, "department-new-proposal", RecipientRole.DEPARTMENT,
                DeliveryStatus.FAILED, cutoff.minus(Duration.ofDays(40)));
        Delivery declined = delivery(closed, "applicant-declined", RecipientRole.APPLICANT, DeliveryStatus.FAILED,
                cutoff.minusSeconds(2));
        assign(closed, cutoff.minus(Duration.ofDays(40)));

        String answeredLater = proposal(cutoff.minus(Duration.ofDays(40)));
        Delivery lateMail = delivery(answeredLater, "applicant-completed", RecipientRole.APPLICANT,
                DeliveryStatus.SENT, cutoff.plusSeconds(2));
        String young = proposal(cutoff.plusSeconds(2));
        String waiting = proposal(cutoff.minus(Duration.ofDays(40)));
        Delivery retrying = delivery(waiting, "applicant-receipt", RecipientRole.APPLICANT, DeliveryStatus.RETRY,
                cutoff.minus(Duration.ofDays(40)));
        failing("old-bounce@example.org", cutoff.minusSeconds(1));
        failing("new-bounce@example.org", cutoff.plusSeconds(1));

        // three seconds earlier the newest mail of the proposal is not yet past the period
        job(Clock.fixed(day.instant().minusSeconds(3), ZoneOffset.UTC), 500).scheduled();
        assertThat(contacts.find(closed)).isPresent();
        assertThat(deliveries.find(declined.id()).orElseThrow().recipient()).isEqualTo(declined.recipient());
        assertThat(anonymised("contact")).isZero();
        assertThat(anonymised("delivery")).as("the bodies of the two mails recorded 40 days before").isEqualTo(2.0);

        RetentionJob job = job(day.clock(), 500);
        job.scheduled();

        assertThat(anonymised("contact")).isEqualTo(1.0);
        assertThat(anonymised("delivery")).as("and the two applicant mails' addresses").isEqualTo(4.0);
        assertThat(anonymised("failing_address")).isEqualTo(1.0);
        assertThat(contacts.find(closed)).isEmpty();
        assertThat(contacts.erased(closed)).as("a tombstone is left").isTrue();
        assertThat(mongo.findById(closed, org.bson.Document.class, "applicant_contacts"))
                .containsKey("expiredAt").doesNotContainKeys("email", "trackingCode", "title", "organization",
                        "language", "departmentCode", "departmentEmail", "updatedAt");
        for (Delivery applicantMail : List.of(receipt, declined)) {
            Delivery after = deliveries.find(applicantMail.id()).orElseThrow();
            assertThat(after.recipient()).isEqualTo("erased:retention");
            assertThat(after.textBody()).isNull();
            assertThat(after.htmlBody()).isNull();
            assertThat(after.lastError()).isNull();
            assertThat(after.status()).isEqualTo(applicantMail.status());
        }
        Delivery department = deliveries.find(departmentMail.id()).orElseThrow();
        assertThat(department.recipient()).isEqualTo(departmentMail.recipient());
        assertThat(department.textBody()).isNull();
        assertThat(mongo.findById(closed, DepartmentAssignment.class)).satisfies(a -> {
            assertThat(a.title()).isNull();
            assertThat(a.organization()).isNull();
            assertThat(a.departmentCode()).isEqualTo("RESOURCE_CIRCULATION");
        });

        for (String kept : List.of(answeredLater, young, waiting)) {
            assertThat(contacts.find(kept)).as(kept).hasValueSatisfying(c ->
                    assertThat(c.email()).isEqualTo("applicant-" + kept + "@example.org"));
        }
        assertThat(deliveries.find(lateMail.id()).orElseThrow().textBody()).isNotNull();
        assertThat(deliveries.find(retrying.id()).orElseThrow()).satisfies(d -> {
            assertThat(d.recipient()).isEqualTo(retrying.recipient());
            assertThat(d.textBody()).isNotNull();
        });
        assertThat(mongo.findById("old-bounce@example.org", FailingAddress.class)).isNull();
        assertThat(mongo.findById("new-bounce@example.org", FailingAddress.class)).isNotNull();

        assertThat(job.run(day.instant())).as("idempotent").isEqualTo(new RetentionJob.Pass(0, 0, 0));
        assertThat(anonymised("contact")).isEqualTo(1.0);
        assertThat(contacts.remember(closed, "SN-TEST", "again@example.org", "ko", "제목", "기관", day.instant()))
                .as("a replayed event does not bring the address back").isFalse();
    }

    @Test
    void everyPageIsReadAndAnonymisedInBoundedBatches() {
        FixedDates day = FixedDates.WEEKDAY;
        Instant cutoff = day.instant().minus(PERIOD);
        List<String> due = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = proposal(cutoff.minus(Duration.ofDays(1 + i)));
            if (i % 3 == 1) {
                delivery(id, "applicant-accepted", RecipientRole.APPLICANT, DeliveryStatus.SENT, cutoff.plusSeconds(i));
                kept.add(id);
            } else {
                delivery(id, "applicant-receipt", RecipientRole.APPLICANT, DeliveryStatus.SENT,
                        cutoff.minusSeconds(1 + i));
                due.add(id);
            }
        }
        // finished mails without a contact: only their rendered mail goes, in pages of two as well
        for (int i = 0; i < 3; i++) {
            delivery("orphan-" + i, "operator-escalation", RecipientRole.OPERATOR, DeliveryStatus.CANCELLED,
                    cutoff.minusSeconds(10 + i));
        }

        RetentionJob.Pass pass = job(day.clock(), 2).run(day.instant());

        assertThat(pass.contacts()).isEqualTo(due.size());
        assertThat(pass.deliveries()).isEqualTo(due.size() + 3);
        due.forEach(id -> assertThat(contacts.erased(id)).as(id).isTrue());
        kept.forEach(id -> assertThat(contacts.find(id)).as(id).isPresent());
    }

    private double anonymised(String record) {
        return meters.get("sane.notification.anonymized").tag("record", record).counter().count();
    }

    private String proposal(Instant lastEvent) {
        String id = new ObjectId().toHexString();
        assertThat(contacts.remember(id, "SN-" + id, "applicant-" + id + "@example.org", "ko",
                "폐플라스틱 병뚜껑 새활용 시민 캠페인", "푸른지구 협동조합", lastEvent)).isTrue();
        return id;
    }

    private Delivery delivery(String proposalId, String template, RecipientRole role, DeliveryStatus status,
                              Instant createdAt) {
        String id = new ObjectId().toHexString() + ":" + template + ":" + role;
        String recipient = role == RecipientRole.APPLICANT ? "applicant-" + proposalId + "@example.org"
                : "resource-circulation@dept.seoul.example";
        Delivery d = new Delivery(id, "event-" + id, "proposal.submitted", createdAt, proposalId, null, template, role,
                "RESOURCE_CIRCULATION", recipient, List.of(), "[서울사네] 제안", MailBody.of("본문: 김서연 010-1234-5678"),
                MailBody.of("<p>본문: 김서연</p>"), status, 1, createdAt, status == DeliveryStatus.RETRY ? createdAt : null, null,
                status == DeliveryStatus.SENT ? createdAt : null,
                status == DeliveryStatus.FAILED ? "550 " + recipient + " unknown" : null, false, null);
        assertThat(deliveries.insert(d)).isTrue();
        return d;
    }

    private void assign(String proposalId, Instant routedAt) {
        assignments.assigned(new DepartmentAssignment(proposalId, "routed-" + proposalId, null, "SN-" + proposalId,
                "폐플라스틱 병뚜껑 새활용 시민 캠페인", "푸른지구 협동조합", "RESOURCE_CIRCULATION", "자원순환과",
                routedAt, routedAt, routedAt, true, false, false));
    }

    private void failing(String address, Instant lastFailedAt) {
        mongo.insert(new FailingAddress(address, lastFailedAt, lastFailedAt, 1, "d", "applicant-receipt",
                RecipientRole.APPLICANT, null, "550"));
    }
}
