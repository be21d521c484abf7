package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.UnreadableEventException;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.contact.ApplicantContact;
import kr.seoul.sane.notification.contact.ApplicantContacts;
import kr.seoul.sane.notification.delivery.Delivery;
import kr.seoul.sane.notification.delivery.DeliveryRecorder.Planned;
import kr.seoul.sane.notification.delivery.DeliveryRecorder;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.delivery.SourceEvent;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.directory.DepartmentMailboxes.Mailbox;
import kr.seoul.sane.notification.directory.DepartmentMailboxes;
import kr.seoul.sane.notification.event.ErasureCodes;
import kr.seoul.sane.notification.event.ProposalErasureRequested;
import kr.seoul.sane.notification.event.ProposalRouted;
import kr.seoul.sane.notification.event.ProposalSnapshot;
import kr.seoul.sane.notification.event.ProposalStatusChanged;
import kr.seoul.sane.notification.event.ProposalSubmitted;
import kr.seoul.sane.notification.mail.MailTemplate;
import kr.seoul.sane.notification.reminder.DepartmentAssignment;
import kr.seoul.sane.notification.reminder.DepartmentAssignments;
import kr.seoul.sane.notification.reminder.DepartmentReminders;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which mails an event calls for, to whom and in which language ({@link MailRequests} renders them), and
 * what the event means for the department's reminder; the recorder stores the mails before anything is sent. A
 * department is mailed at the directory's address for its code ({@link DepartmentMailboxes}), never at one an event
 * carries.
 */
@Component
class MailPlanner {

    private static final Logger log = LoggerFactory.getLogger(MailPlanner.class);
    /** Status changes the applicant is told about (proposal-service's emitted statuses). */
    private static final Map<String, MailTemplate> APPLICANT_MAILS = Map.of(
            "ACCEPTED", MailTemplate.APPLICANT_ACCEPTED,
            "DECLINED", MailTemplate.APPLICANT_DECLINED,
            "TRANSFERRED", MailTemplate.APPLICANT_TRANSFERRED,
            "INFO_REQUESTED", MailTemplate.APPLICANT_INFO_REQUESTED,
            "IN_DISCUSSION", MailTemplate.APPLICANT_IN_DISCUSSION,
            "COMPLETED", MailTemplate.APPLICANT_COMPLETED);
    /** Only the operators' verdict "not a proposal" is explained to the applicant. */
    private static final String OPERATOR = "OPERATOR";

    /** Statuses that show the department has acted on the proposal: no reminder after them. */
    private static final Set<String> DEPARTMENT_ACTED = Set.of("IN_REVIEW", "INFO_REQUESTED", "ACCEPTED", "DECLINED",
            "TRANSFERRED", "IN_DISCUSSION", "COMPLETED", "NOT_A_PROPOSAL", "WITHDRAWN");

    private final EnvelopeReader reader;
    private final DepartmentAssignments assignments;
    private final DepartmentReminders reminders;
    private final DeliveryRecorder recorder;
    private final MailRequests requests;
    private final ApplicantContacts contacts;
    private final DepartmentDirectory directory;
    private final DepartmentMailboxes mailboxes;
    private final NotificationProperties properties;
    private final Clock clock;
    private final EventTracing tracing;
    private final ErasureCodes erasureCodes;

    MailPlanner(EnvelopeReader reader, DeliveryRecorder recorder, MailRequests requests, ApplicantContacts contacts,
                DepartmentDirectory directory, DepartmentMailboxes mailboxes, NotificationProperties properties,
                Clock clock, DepartmentAssignments assignments, DepartmentReminders reminders, EventTracing tracing,
                ErasureCodes erasureCodes) {
        this.tracing = tracing;
        this.erasureCodes = erasureCodes;
        this.assignments = assignments;
        this.reminders = reminders;
        this.reader = reader;
        this.recorder = recorder;
        this.requests = requests;
        this.contacts = contacts;
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.properties = properties;
        this.clock = clock;
    }

    void onSubmitted(Envelope<JsonNode> event) {
        ProposalSnapshot proposal = require(reader.payload(event, ProposalSubmitted.class).proposal(), event);
        // the contact's upsert is also the erasure check (one round trip)
        if (!contacts.remember(event.proposalId(), proposal.trackingCode(), proposal.email(),
                proposal.languageOrDefault(), proposal.title(), proposal.organization(), clock.instant())) {
            ignoredAsErased(event);
            return;
        }
        recorder.record(source(event), MailTemplate.APPLICANT_RECEIPT, () -> requests.applicantMail(
                MailTemplate.APPLICANT_RECEIPT, proposal.email(), proposal.languageOrDefault(),
                requests.applicantModel(proposal.trackingCode(), proposal.title(), proposal.organization(),
                        proposal.contactName(), proposal.submittedAt(), null, null, null), null));
    }

    void onRouted(Envelope<JsonNode> event) {
        ProposalRouted routed = reader.payload(event, ProposalRouted.class);
        ProposalSnapshot proposal = require(routed.proposal(), event);
        if (routed.departmentCode() == null) {
            throw new UnreadableEventException("proposal.routed " + event.eventId() + " without department");
        }
        String departmentName = routed.departmentName() != null ? routed.departmentName()
                : directory.nameOf(routed.departmentCode());
        Instant now = clock.instant();
        // the contact's upsert is also the erasure check (one round trip, before the mails are recorded)
        if (!contacts.rememberRouted(event.proposalId(), proposal.trackingCode(), proposal.email(),
                proposal.languageOrDefault(), proposal.title(), proposal.organization(), routed.departmentCode(),
                departmentName, now)) {
            ignoredAsErased(event);
            return;
        }
        Mailbox mailbox = mailboxes.of(routed.departmentCode(), routed.departmentEmail(), event.proposalId());
        List<MailRequests.Supporting> supporting = requests.supporting(event, routed, mailbox);
        SourceEvent source = source(event);
        // the department's mail first: it is what the proposal waits for
        List<Planned> mails = new ArrayList<>(2 + supporting.size());
        mails.add(new Planned(MailTemplate.DEPARTMENT_NEW_PROPOSAL,
                () -> requests.departmentMail(event, routed, proposal, departmentName, mailbox, supporting)));
        mails.add(new Planned(MailTemplate.APPLICANT_ROUTED, () -> requests.applicantMail(
                MailTemplate.APPLICANT_ROUTED, proposal.email(), proposal.languageOrDefault(),
                requests.applicantModel(proposal.trackingCode(), proposal.title(), proposal.organization(),
                        proposal.contactName(), null, departmentName, mailbox.address(), null),
                routed.departmentCode())));
        // each supporting department is asked for its opinion once per proposal, whichever routing names it
        for (MailRequests.Supporting department : supporting) {
            MailTemplate template = MailTemplate.DEPARTMENT_SUPPORTING_REQUEST;
            mails.add(new Planned(Delivery.oncePerDepartment(event.proposalId(), template.key(), department.code()),
                    template, () -> requests.supportingMail(event, proposal, departmentName, department)));
        }
        recorder.recordAll(source, mails);
        // the reminder's clock after the mails are recorded; idempotent
        Instant routedAt = event.occurredAt() != null ? event.occurredAt() : now;
        assignments.assigned(new DepartmentAssignment(event.proposalId(), event.eventId(), traceparent(event),
                proposal.trackingCode(), proposal.title(), proposal.organization(), routed.departmentCode(),
                departmentName, routedAt,
                reminders.afterBusinessDays(routedAt, properties.answerBusinessDays()),
                reminders.afterBusinessDays(routedAt, properties.escalationBusinessDays()), false, false, false));
    }

    /**
     * ACCEPTED, DECLINED, INFO_REQUESTED, IN_DISCUSSION, COMPLETED: the applicant's mail. TRANSFERRED: the
     * applicant's mail and a note to the department it left; the new department is mailed on the
     * {@code proposal.routed} (routedBy TRANSFER) that follows. TRANSFERRED by an OPERATOR from TRIAGE is the
     * operator's assignment of a proposal no department had: no mail now, the {@code proposal.routed} (routedBy
     * OPERATOR) that follows brings the department's and the applicant's usual mails. NOT_A_PROPOSAL by an OPERATOR:
     * the applicant is told where to turn instead. IN_REVIEW by the APPLICANT: the department gets the answer with a
     * fresh action link.
     */
    void onStatusChanged(Envelope<JsonNode> event) {
        ProposalStatusChanged change = reader.payload(event, ProposalStatusChanged.class);
        String status = change.status();
        if (status == null) {
            return;
        }
        if (status.equals(change.previousStatus())) {
            // the status stayed and the department in charge changed (a retired department's proposal handed over
            // to its successor): nothing new for the applicant, and the successor's mail comes with the next step
            log.info("proposal {} handed over to {} in status {}: no mail", event.proposalId(),
                    change.departmentCode(), status);
            return;
        }
        boolean transferred = "TRANSFERRED".equals(status);
        if (transferred && OPERATOR.equals(change.actor()) && "TRIAGE".equals(change.previousStatus())) {
            // the operator's assignment out of triage: nobody held it, the routed event carries the mails
            log.debug("proposal {} assigned from triage by an operator: mails follow its proposal.routed",
                    event.proposalId());
            return;
        }
        boolean answered = "IN_REVIEW".equals(status) && "APPLICANT".equals(change.actor());
        boolean notAProposal = "NOT_A_PROPOSAL".equals(status) && OPERATOR.equals(change.actor());
        MailTemplate applicantTemplate = notAProposal ? MailTemplate.APPLICANT_NOT_A_PROPOSAL
                : APPLICANT_MAILS.get(status);
        if (applicantTemplate == null && !answered) {
            if (DEPARTMENT_ACTED.contains(status)) {
                assignments.acted(event.proposalId(), change.departmentCode());
            }
            return;
        }
        if (erased(event)) {
            return;
        }
        ApplicantContact contact = contacts.find(event.proposalId())
                .orElseThrow(() -> new ContactNotYetKnownException(event.proposalId()));
        String trackingCode = change.trackingCode() != null ? change.trackingCode() : contact.trackingCode();
        SourceEvent source = source(event);
        List<Planned> mails = new ArrayList<>(2);
        if (answered) {
            String code = change.departmentCode() != null ? change.departmentCode() : contact.departmentCode();
            if (code == null) {
                log.warn("no department for the answer to proposal {}: it is not mailed", event.proposalId());
            } else {
                Mailbox mailbox = mailboxes.of(code, event.proposalId());
                mails.add(new Planned(MailTemplate.DEPARTMENT_INFO_ANSWERED,
                        () -> requests.answerMail(event, change.note(), contact, trackingCode, mailbox)));
            }
        } else if (notAProposal) {
            mails.add(new Planned(applicantTemplate, () -> statusMail(applicantTemplate, contact, trackingCode, null,
                    change.note(), null)));
        } else if (transferred) {
            // departmentCode is the target; the contact still names the department that transferred it
            String targetName = directory.nameOf(change.departmentCode());
            mails.add(new Planned(applicantTemplate, () -> statusMail(applicantTemplate, contact, trackingCode, null,
                    change.note(), change.departmentCode())));
            String previous = contact.departmentCode();
            if (previous != null && !previous.equals(change.departmentCode())) {
                Mailbox mailbox = mailboxes.of(previous, event.proposalId());
                mails.add(new Planned(MailTemplate.DEPARTMENT_TRANSFERRED, () -> requests.transferNote(contact,
                        trackingCode, mailbox, targetName, change.note())));
            }
        } else {
            String departmentCode = change.departmentCode() != null ? change.departmentCode()
                    : contact.departmentCode();
            String departmentName = departmentCode != null && departmentCode.equals(contact.departmentCode())
                    && contact.departmentName() != null ? contact.departmentName() : directory.nameOf(departmentCode);
            mails.add(new Planned(applicantTemplate, () -> statusMail(applicantTemplate, contact, trackingCode,
                    departmentName, change.note(), departmentCode)));
        }
        recorder.recordAll(source, mails);
        if (transferred) {
            // whoever held it has acted; the target's reminder starts with its own routing
            assignments.acted(event.proposalId(), null);
        } else if (DEPARTMENT_ACTED.contains(status) && !answered) {
            assignments.acted(event.proposalId(), change.departmentCode());
        }
    }

    /**
     * {@code proposal.erasure-requested}: the confirmation code to the address the event names (the proposal's),
     * in the applicant's language, once per event. A code that expired before it could be mailed is not sent. The
     * code arrives encrypted and is decrypted only to compose the mail; one that does not decrypt for this event is
     * an invalid event (dead letter, no mail).
     */
    void onErasureRequested(Envelope<JsonNode> event) {
        ProposalErasureRequested request = reader.payload(event, ProposalErasureRequested.class);
        if (request.email() == null || request.trackingCode() == null || request.expiresAt() == null
                || request.encryptedCode() == null) {
            throw new UnreadableEventException("proposal.erasure-requested " + event.eventId()
                    + " without address, tracking code, expiry or encrypted code");
        }
        if (erased(event)) {
            return;
        }
        if (!clock.instant().isBefore(request.expiresAt())) {
            log.info("erasure code of proposal {} expired before it could be mailed (event {})", event.proposalId(),
                    event.eventId());
            return;
        }
        String language = "en".equals(request.language()) ? "en" : "ko";
        String title = contacts.find(event.proposalId()).map(ApplicantContact::title).orElse(null);
        Map<String, Object> model = requests.applicantModel(request.trackingCode(), title, null, null, null, null,
                null, null);
        model.put("code", erasureCodes.code(event, request));
        model.put("expiresAt", MailRequests.time(request.expiresAt()));
        recorder.record(source(event), MailTemplate.APPLICANT_ERASURE_CODE, () -> requests.applicantMail(
                MailTemplate.APPLICANT_ERASURE_CODE, request.email(), language, model, null));
    }

    /** The applicant's mail about a status change, from what the contact keeps. */
    private MailRequest statusMail(MailTemplate template, ApplicantContact contact, String trackingCode,
                                   String departmentName, String note, String departmentCode) {
        return requests.applicantMail(template, contact.email(), contact.language(), requests.applicantModel(
                trackingCode, contact.title(), contact.organization(), null, null, departmentName, null, note),
                departmentCode);
    }

    /** The applicant had their personal data erased: nothing more is mailed or remembered for the proposal. */
    private boolean erased(Envelope<JsonNode> event) {
        if (!contacts.erased(event.proposalId())) {
            return false;
        }
        ignoredAsErased(event);
        return true;
    }

    private static void ignoredAsErased(Envelope<JsonNode> event) {
        log.info("{} {} of proposal {} ignored: the applicant's personal data was erased", event.type(),
                event.eventId(), event.proposalId());
    }

    private static ProposalSnapshot require(ProposalSnapshot proposal, Envelope<JsonNode> event) {
        if (proposal == null || proposal.email() == null || proposal.title() == null
                || proposal.trackingCode() == null) {
            throw new UnreadableEventException(event.type() + " " + event.eventId() + " without a usable proposal");
        }
        return proposal;
    }

    private SourceEvent source(Envelope<JsonNode> event) {
        return new SourceEvent(event.eventId(), event.type(), event.occurredAt(), event.proposalId(),
                traceparent(event));
    }

    /** The trace the event is handled in (its mails are sent later in it), else the one its envelope names. */
    private String traceparent(Envelope<JsonNode> event) {
        String current = tracing.traceparent();
        return current != null ? current : event.traceparent();
    }
}
