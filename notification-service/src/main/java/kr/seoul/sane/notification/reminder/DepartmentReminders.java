package kr.seoul.sane.notification.reminder;

import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.delivery.DeliveryRecorder;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.delivery.SourceEvent;
import kr.seoul.sane.notification.directory.Department;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.directory.DepartmentMailboxes;
import kr.seoul.sane.notification.directory.DepartmentMailboxes.Mailbox;
import kr.seoul.sane.notification.links.DepartmentActions;
import kr.seoul.sane.notification.mail.BusinessCalendar;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.notification.mail.MailTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reminds a department that has not acted on a routed proposal within {@code answer-business-days}, and tells
 * operators after {@code escalation-business-days}. Each mail is a delivery keyed by the routing event, so it
 * goes out once per routing, whichever instance or run finds it due. The department is reminded at the directory's
 * address for its code ({@link DepartmentMailboxes}).
 * <p>
 * "Overdue" is proposal-service's: it learns of the escalation from this mail's {@code notification.delivered} (or
 * its permanent {@code notification.failed}) and is the only exporter of {@code sane_proposals_overdue{department}}.
 * Escalations sent are counted by {@code sane_mail_sent_total{template="operator-escalation"}}.
 */
@Component
public class DepartmentReminders {

    private static final Logger log = LoggerFactory.getLogger(DepartmentReminders.class);
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm '(KST)'");

    private final DepartmentAssignments assignments;
    private final DeliveryRecorder recorder;
    private final MailComposer composer;
    /** The escalation's deadline as the mails show dates (Korean). */
    private final DateTimeFormatter dateKo;
    private final DepartmentDirectory directory;
    private final DepartmentMailboxes mailboxes;
    private final BusinessCalendar calendar;
    private final NotificationProperties properties;
    private final Clock clock;
    private final DepartmentActions actions;

    public DepartmentReminders(DepartmentAssignments assignments, DeliveryRecorder recorder, MailComposer composer,
                               DepartmentDirectory directory, DepartmentMailboxes mailboxes, BusinessCalendar calendar,
                               NotificationProperties properties, Clock clock,
                               DepartmentActions actions) {
        this.actions = actions;
        this.assignments = assignments;
        this.recorder = recorder;
        this.composer = composer;
        this.dateKo = composer.dateFormat(MailComposer.KOREAN);
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.calendar = calendar;
        this.properties = properties;
        this.clock = clock;
    }

    /** The moment {@code businessDays} business days after {@code from}, at the same time of day in Seoul. */
    public Instant afterBusinessDays(Instant from, int businessDays) {
        ZonedDateTime start = from.atZone(SEOUL);
        return calendar.plusBusinessDays(start.toLocalDate(), businessDays).atTime(start.toLocalTime())
                .atZone(SEOUL).toInstant();
    }

    @Scheduled(fixedDelayString = "${sane.notification.reminders.check-interval:5m}", initialDelay = 5000)
    public void run() {
        try {
            Instant now = clock.instant();
            for (DepartmentAssignment assignment : assignments.dueForReminder(now, 500)) {
                remind(assignment);
            }
            for (DepartmentAssignment assignment : assignments.dueForEscalation(now, 500)) {
                escalate(assignment);
            }
        } catch (RuntimeException e) {
            log.warn("reminder run failed: {}", e.toString());
        }
    }

    private void remind(DepartmentAssignment a) {
        Map<String, Object> model = model(a);
        model.put("deadline", dateKo.format(a.escalateAt().atZone(SEOUL)));
        model.put("partnershipEmail", directory.fallback().email());
        actions.putInto(model, a.proposalId(), a.departmentCode(), clock.instant());
        Mailbox mailbox = mailboxes.of(a.departmentCode(), a.proposalId());
        recorder.record(source(a), MailTemplate.DEPARTMENT_REMINDER, () -> new MailRequest(
                MailTemplate.DEPARTMENT_REMINDER, mailbox.address(), List.of(), mailbox.recipientCode(),
                mailboxes.addressed(mailbox, a.departmentName(), composer.compose(MailTemplate.DEPARTMENT_REMINDER,
                        MailComposer.KOREAN, subjectArgs(a), model))));
        assignments.markReminded(a.proposalId(), a.routedEventId());
        log.info("reminder recorded for proposal {} ({})", a.proposalId(), a.departmentCode());
    }

    private void escalate(DepartmentAssignment a) {
        Map<String, Object> model = model(a);
        model.put("days", properties.escalationBusinessDays());
        String operators = properties.operatorEmail() == null || properties.operatorEmail().isBlank()
                ? directory.fallback().email() : properties.operatorEmail();
        recorder.record(source(a), MailTemplate.OPERATOR_ESCALATION, () -> new MailRequest(
                MailTemplate.OPERATOR_ESCALATION, operators, List.of(), a.departmentCode(),
                composer.compose(MailTemplate.OPERATOR_ESCALATION, MailComposer.KOREAN, subjectArgs(a), model)));
        assignments.markEscalated(a.proposalId(), a.routedEventId());
        log.warn("proposal {} is overdue at {}: operators told", a.proposalId(), a.departmentCode());
    }

    private Map<String, Object> model(DepartmentAssignment a) {
        Map<String, Object> model = new HashMap<>();
        model.put("departmentName", a.departmentName());
        model.put("departmentCode", a.departmentCode());
        model.put("departmentEmail", directory.find(a.departmentCode()).map(Department::email).orElse(null));
        model.put("title", a.title());
        model.put("trackingCode", a.trackingCode());
        model.put("organization", a.organization());
        model.put("routedAt", TIME.format(a.routedAt().atZone(SEOUL)));
        return model;
    }

    private static Object[] subjectArgs(DepartmentAssignment a) {
        return new Object[] {a.trackingCode(), a.departmentName(), a.title()};
    }

    private static SourceEvent source(DepartmentAssignment a) {
        return new SourceEvent(a.routedEventId(), "proposal.routed", a.routedAt(), a.proposalId(), a.traceparent());
    }
}
