package kr.seoul.sane.notification.directory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.notification.mail.ComposedMail;
import kr.seoul.sane.notification.mail.FallbackNotice;
import kr.seoul.sane.notification.mail.MailComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a department's mail goes: the directory's address for the department's code (for a retired department its
 * successor's, as routing-service's directory events say), never an address an event carries, so a forged or stale
 * event cannot send a proposal's personal data elsewhere. A code the directory does
 * not know is mailed to the PARTNERSHIP mailbox (민관협력담당관) with a notice on top, counted
 * ({@code sane_mail_department_unknown_total}) and logged by code and proposal id only.
 */
@Component
public class DepartmentMailboxes {

    private static final Logger log = LoggerFactory.getLogger(DepartmentMailboxes.class);
    /** What a department code looks like (the contracts' pattern); anything else is not written to the log. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** How many successions a retired department's mail follows. */
    private static final int MAX_SUCCESSION = 8;

    private final DepartmentDirectory directory;
    private final MailComposer composer;
    private final Counter unknown;
    private final Counter ignored;

    public DepartmentMailboxes(DepartmentDirectory directory, MailComposer composer, MeterRegistry meters) {
        this.directory = directory;
        this.composer = composer;
        this.unknown = Counter.builder("sane.mail.department.unknown")
                .description("Department mails whose department code the directory does not know: sent to the "
                        + "PARTNERSHIP mailbox instead")
                .register(meters);
        this.ignored = Counter.builder("sane.mail.department.address.ignored")
                .description("Department addresses in events that differ from the directory's (which is used)")
                .register(meters);
    }

    /** A department's mailbox: its address, and whether the directory knows the department. */
    public record Mailbox(String departmentCode, String address, boolean known) {

        /**
         * The department the delivery is recorded for (and {@code notification.delivered} names): the department,
         * or PARTNERSHIP when its mailbox stands in, so the proposal's timeline says who really got the mail.
         */
        public String recipientCode() {
            return known ? departmentCode : DepartmentDirectory.FALLBACK_CODE;
        }
    }

    /** The mailbox of the department {@code code} for a mail about {@code proposalId}. */
    public Mailbox of(String code, String proposalId) {
        Department department = directory.find(receiving(code)).orElse(null);
        if (department != null) {
            return new Mailbox(code, department.email(), true);
        }
        unknown.increment();
        log.warn("department {} of proposal {} is not in the directory: its mail goes to the {} mailbox",
                loggable(code), proposalId, DepartmentDirectory.FALLBACK_CODE);
        return new Mailbox(code, directory.fallback().email(), false);
    }

    /**
     * The same, for a department an event names with an address: the event's address is never used, only noted when
     * it differs from the directory's (a stale event, a directory changed on one side only, or a forged event).
     */
    public Mailbox of(String code, String eventAddress, String proposalId) {
        Mailbox mailbox = of(code, proposalId);
        if (mailbox.known() && eventAddress != null && !eventAddress.equalsIgnoreCase(mailbox.address())) {
            ignored.increment();
            log.warn("the event of proposal {} names another address for department {} than the directory: the "
                    + "directory's is used", proposalId, mailbox.departmentCode());
        }
        return mailbox;
    }

    /** The mail as the mailbox gets it: with the notice on top when the PARTNERSHIP mailbox stands in. */
    public ComposedMail addressed(Mailbox mailbox, String departmentName, ComposedMail mail) {
        if (mailbox.known()) {
            return mail;
        }
        String name = departmentName != null ? departmentName : loggable(mailbox.departmentCode());
        return FallbackNotice.on(composer.message("fallback.unknown-department", MailComposer.KOREAN, name,
                directory.fallback().name()), mail);
    }

    /**
     * The department that receives a department's mail: itself, or for a retired department its successor (and
     * theirs, a few steps at most: a chain of reorganisations, never a loop).
     */
    private String receiving(String code) {
        String current = code;
        for (int step = 0; step < MAX_SUCCESSION; step++) {
            Optional<String> successor = directory.successorOf(current);
            if (successor.isEmpty()) {
                return current;
            }
            current = successor.get();
        }
        return current;
    }

    private static String loggable(String code) {
        return code != null && CODE.matcher(code).matches() ? code : "(no code)";
    }
}
