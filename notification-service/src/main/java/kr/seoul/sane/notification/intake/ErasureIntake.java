package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.notification.contact.ApplicantContacts;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import kr.seoul.sane.notification.delivery.ErasureMarks;
import kr.seoul.sane.notification.event.ProposalPersonalDataErased;
import kr.seoul.sane.notification.reminder.DepartmentAssignments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;

/**
 * {@code proposal.personal-data-erased}: the applicant's contact is deleted (a tombstone stays, so later events of
 * the proposal neither mail nor remember the applicant), the applicant's mails of the proposal not yet sent are
 * cancelled (senders holding one of them are told first, {@link ErasureMarks}), and a withdrawn proposal's department is no longer reminded. Every step is idempotent.
 */
@Component
class ErasureIntake {

    private static final Logger log = LoggerFactory.getLogger(ErasureIntake.class);

    private final EnvelopeReader reader;
    private final ApplicantContacts contacts;
    private final DeliveryStore deliveries;
    private final ErasureMarks erasures;
    private final DepartmentAssignments assignments;
    private final Clock clock;

    ErasureIntake(EnvelopeReader reader, ApplicantContacts contacts, DeliveryStore deliveries, ErasureMarks erasures,
                  DepartmentAssignments assignments, Clock clock) {
        this.erasures = erasures;
        this.reader = reader;
        this.contacts = contacts;
        this.deliveries = deliveries;
        this.assignments = assignments;
        this.clock = clock;
    }

    void onErased(Envelope<JsonNode> event) {
        ProposalPersonalDataErased erased = reader.payload(event, ProposalPersonalDataErased.class);
        contacts.erase(event.proposalId(), clock.instant());
        // noted before the cancellation, so a sender holding one of the mails reads it again (see ErasureMarks)
        erasures.note(clock.instant());
        long cancelled = deliveries.cancelApplicant(event.proposalId(), clock.instant());
        if (erased.withdrawn()) {
            assignments.acted(event.proposalId(), null);
        }
        log.info("proposal {}: applicant contact erased, {} waiting applicant mail(s) cancelled (event {})",
                event.proposalId(), cancelled, event.eventId());
    }
}
