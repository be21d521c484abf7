package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.contact.ApplicantContact;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.directory.DepartmentMailboxes.Mailbox;
import kr.seoul.sane.notification.directory.DepartmentMailboxes;
import kr.seoul.sane.notification.event.ProposalRouted;
import kr.seoul.sane.notification.event.ProposalSnapshot;
import kr.seoul.sane.notification.links.DepartmentActions;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.notification.mail.MailModel;
import kr.seoul.sane.notification.mail.MailTemplate;
import kr.seoul.sane.notification.reminder.DepartmentReminders;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the template models of the mails {@link MailPlanner} plans and renders them into {@link MailRequest}s.
 * Every text comes from {@code mail/messages*.properties}; the department mails are Korean.
 */
@Component
class MailRequests {

    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm '(KST)'");
    private static final List<String> ORGANIZATION_TYPES = List.of("COMPANY", "NONPROFIT", "UNIVERSITY",
            "PUBLIC_INSTITUTION", "INDIVIDUAL", "FOREIGN");
    private static final int MAX_SUGGESTIONS = 3;

    private final MailComposer composer;
    private final DepartmentDirectory directory;
    private final DepartmentMailboxes mailboxes;
    private final NotificationProperties properties;
    private final Clock clock;
    private final DepartmentActions actions;
    private final ProposalSuggestions suggestions;
    private final DepartmentReminders reminders;
    /** The department mails' fixed texts, read once (no lookup per mail). */
    private final DateTimeFormatter dateKo;
    private final Map<String, String> organizationTypeNames = new HashMap<>();
    private final String routedByOperator;
    private final String routedByTransfer;
    private final String unnamedAttachment;

    MailRequests(MailComposer composer, DepartmentDirectory directory, DepartmentMailboxes mailboxes,
                 NotificationProperties properties, Clock clock, DepartmentActions actions,
                 ProposalSuggestions suggestions, DepartmentReminders reminders) {
        this.composer = composer;
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.properties = properties;
        this.clock = clock;
        this.actions = actions;
        this.suggestions = suggestions;
        this.reminders = reminders;
        this.dateKo = composer.dateFormat(MailComposer.KOREAN);
        ORGANIZATION_TYPES.forEach(type -> organizationTypeNames.put(type,
                composer.message("organization-type." + type, MailComposer.KOREAN)));
        this.routedByOperator = composer.message("routed-by.OPERATOR", MailComposer.KOREAN);
        this.routedByTransfer = composer.message("routed-by.TRANSFER", MailComposer.KOREAN);
        this.unnamedAttachment = composer.message("attachment.unnamed", MailComposer.KOREAN);
    }

    /** An applicant's mail in their language ({@code en}, else Korean). */
    MailRequest applicantMail(MailTemplate template, String email, String language, Map<String, Object> model,
                              String departmentCode) {
        Locale locale = "en".equals(language) ? Locale.ENGLISH : MailComposer.KOREAN;
        Object[] subjectArgs = {model.get("trackingCode"), model.getOrDefault("departmentName", ""), model.get("title")};
        if (subjectArgs[1] == null) {
            subjectArgs[1] = "";
        }
        return new MailRequest(template, email, List.of(), departmentCode,
                composer.compose(template, locale, subjectArgs, model));
    }

    Map<String, Object> applicantModel(String trackingCode, String title, String organization, String contactName,
                                       Instant submittedAt, String departmentName, String departmentEmail,
                                       String note) {
        Map<String, Object> model = new HashMap<>();
        model.put("trackingCode", trackingCode);
        model.put("title", title);
        model.put("organization", organization);
        model.put("contactName", contactName);
        model.put("submittedAt", submittedAt == null ? null : time(submittedAt));
        model.put("departmentName", departmentName);
        model.put("departmentEmail", departmentEmail);
        model.put("note", note == null || note.isBlank() ? null : note);
        model.put("trackUrl", properties.trackUrl() + "?code=" + url(trackingCode));
        return model;
    }

    /** Seoul time as the mails show it. */
    static String time(Instant instant) {
        return TIME.format(instant.atZone(SEOUL));
    }

    /** The note to the department a proposal was transferred away from. */
    MailRequest transferNote(ApplicantContact contact, String trackingCode, Mailbox mailbox, String targetName,
                             String reason) {
        String departmentCode = mailbox.departmentCode();
        String departmentName = departmentName(contact, departmentCode);
        Map<String, Object> model = new HashMap<>();
        model.put("departmentName", departmentName);
        model.put("trackingCode", trackingCode);
        model.put("title", contact.title());
        model.put("organization", contact.organization());
        model.put("targetName", targetName);
        model.put("note", reason == null || reason.isBlank() ? null : reason);
        model.put("partnershipEmail", directory.fallback().email());
        actions.putListInto(model, departmentCode, clock.instant());
        Object[] subjectArgs = {trackingCode, departmentName, contact.title()};
        return new MailRequest(MailTemplate.DEPARTMENT_TRANSFERRED, mailbox.address(), List.of(),
                mailbox.recipientCode(),
                mailboxes.addressed(mailbox, departmentName, composer.compose(MailTemplate.DEPARTMENT_TRANSFERRED,
                        MailComposer.KOREAN, subjectArgs, model)));
    }

    /** The applicant's answer to the department's information request, with a fresh action link. */
    MailRequest answerMail(Envelope<JsonNode> event, String note, ApplicantContact contact, String trackingCode,
                           Mailbox mailbox) {
        String departmentCode = mailbox.departmentCode();
        String departmentName = departmentName(contact, departmentCode);
        Instant answeredAt = event.occurredAt() != null ? event.occurredAt() : clock.instant();
        Map<String, Object> model = new HashMap<>();
        model.put("departmentName", departmentName);
        model.put("trackingCode", trackingCode);
        model.put("title", contact.title());
        model.put("organization", contact.organization());
        model.put("answeredAt", time(answeredAt));
        model.put("note", note == null || note.isBlank() ? null : note);
        model.put("deadline", dateKo.format(reminders.afterBusinessDays(answeredAt, properties.answerBusinessDays())
                .atZone(SEOUL).toLocalDate()));
        model.put("partnershipEmail", directory.fallback().email());
        actions.putInto(model, event.proposalId(), departmentCode, clock.instant());
        Object[] subjectArgs = {trackingCode, departmentName, contact.title()};
        return new MailRequest(MailTemplate.DEPARTMENT_INFO_ANSWERED, mailbox.address(), List.of(),
                mailbox.recipientCode(),
                mailboxes.addressed(mailbox, departmentName, composer.compose(MailTemplate.DEPARTMENT_INFO_ANSWERED,
                        MailComposer.KOREAN, subjectArgs, model)));
    }

    /** The name the contact keeps for its department, else the directory's. */
    private String departmentName(ApplicantContact contact, String departmentCode) {
        return departmentCode.equals(contact.departmentCode()) && contact.departmentName() != null
                ? contact.departmentName() : directory.nameOf(departmentCode);
    }

    /** A supporting department (협조부서) of a routed proposal and the directory's mailbox it is mailed at. */
    record Supporting(String code, String name, Mailbox mailbox) {
    }

    /**
     * The supporting departments a routed proposal's mails name, each once and at the directory's address (the
     * event's are ignored); none that shares the responsible department's mailbox.
     */
    List<Supporting> supporting(Envelope<JsonNode> event, ProposalRouted routed, Mailbox lead) {
        List<Supporting> supporting = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ProposalRouted.SupportingDepartment department : routed.supportingDepartmentsOrEmpty()) {
            if (department == null || department.code() == null || department.code().equals(routed.departmentCode())
                    || !seen.add(department.code())) {
                continue;
            }
            Mailbox mailbox = mailboxes.of(department.code(), department.email(), event.proposalId());
            if (!mailbox.address().equalsIgnoreCase(lead.address())) {
                supporting.add(new Supporting(department.code(), department.name() != null ? department.name()
                        : directory.nameOf(department.code()), mailbox));
            }
        }
        return supporting;
    }

    /**
     * The responsible department's mail about a routed proposal, to {@code mailbox}; it names the supporting
     * departments, which get a mail of their own ({@link #supportingMail}).
     */
    MailRequest departmentMail(Envelope<JsonNode> event, ProposalRouted routed, ProposalSnapshot proposal,
                               String departmentName, Mailbox mailbox, List<Supporting> supporting) {
        Instant routedAt = event.occurredAt() != null ? event.occurredAt() : clock.instant();
        LocalDate deadline = reminders.afterBusinessDays(routedAt, properties.answerBusinessDays())
                .atZone(SEOUL).toLocalDate();
        Map<String, Object> model = proposalModel(proposal, departmentName);
        model.put("contactName", proposal.contactName());
        model.put("email", proposal.email());
        model.put("phone", proposal.phone());
        model.put("deadline", dateKo.format(deadline));
        model.put("reasons", routed.reasonsOrEmpty());
        model.put("routedByLabel", switch (String.valueOf(routed.routedBy())) {
            case "OPERATOR" -> routedByOperator;
            case "TRANSFER" -> routedByTransfer;
            default -> composer.message("routed-by.AUTO", MailComposer.KOREAN,
                    String.valueOf(Math.round(routed.confidence() * 100)));
        });
        model.put("candidates", candidates(routed));
        model.put("supporting", supporting.stream().map(s -> s.name() + " (" + s.mailbox().address() + ")").toList());
        model.put("previousDepartmentName", "TRANSFER".equals(routed.routedBy()) && routed.previousDepartmentCode() != null
                ? directory.nameOf(routed.previousDepartmentCode()) : null);
        model.put("attachment", attachment(proposal.attachment()));
        actions.putInto(model, event.proposalId(), routed.departmentCode(), clock.instant());
        // suggestions that arrived before this mail is rendered are included; the mail never waits for them
        Optional<ProposalSuggestions.Suggestions> suggested = suggestions.find(event.proposalId());
        model.put("cases", suggested.map(x -> x.casesOrEmpty().stream().limit(MAX_SUGGESTIONS)
                .map(c -> new MailModel.SimilarCase(c.title(), c.url())).toList()).orElse(List.of()));
        model.put("institutions", suggested.map(x -> x.institutionsOrEmpty().stream().limit(MAX_SUGGESTIONS)
                .map(i -> new MailModel.Institution(i.name(), i.homepage())).toList()).orElse(List.of()));
        Object[] subjectArgs = {proposal.trackingCode(), departmentName, proposal.title()};
        return new MailRequest(MailTemplate.DEPARTMENT_NEW_PROPOSAL, mailbox.address(), List.of(),
                mailbox.recipientCode(), mailboxes.addressed(mailbox, departmentName, composer.compose(
                        MailTemplate.DEPARTMENT_NEW_PROPOSAL, MailComposer.KOREAN, subjectArgs, model)));
    }

    /**
     * A supporting department's own mail: the proposal (without the applicant's contact details), that its opinion
     * is asked for and that the responsible department decides, and the signed link to its opinion page.
     */
    MailRequest supportingMail(Envelope<JsonNode> event, ProposalSnapshot proposal, String leadName, Supporting supporting) {
        Map<String, Object> model = proposalModel(proposal, supporting.name());
        model.put("leadName", leadName);
        actions.putOpinionInto(model, event.proposalId(), supporting.code(), clock.instant());
        Object[] subjectArgs = {proposal.trackingCode(), supporting.name(), proposal.title()};
        Mailbox mailbox = supporting.mailbox();
        return new MailRequest(MailTemplate.DEPARTMENT_SUPPORTING_REQUEST, mailbox.address(), List.of(),
                mailbox.recipientCode(), mailboxes.addressed(mailbox, supporting.name(), composer.compose(
                        MailTemplate.DEPARTMENT_SUPPORTING_REQUEST, MailComposer.KOREAN, subjectArgs, model)));
    }

    /** What every department mail about a proposal shows of it (no contact details). */
    private Map<String, Object> proposalModel(ProposalSnapshot proposal, String departmentName) {
        Map<String, Object> model = new HashMap<>();
        model.put("departmentName", departmentName);
        model.put("trackingCode", proposal.trackingCode());
        model.put("title", proposal.title());
        model.put("content", proposal.content());
        model.put("fieldName", directory.fieldName(proposal.field()));
        model.put("organization", proposal.organization());
        model.put("organizationTypeName", organizationTypeNames.getOrDefault(proposal.organizationType(),
                String.valueOf(proposal.organizationType())));
        model.put("submittedAt", proposal.submittedAt() == null ? "" : time(proposal.submittedAt()));
        model.put("partnershipEmail", directory.fallback().email());
        return model;
    }

    private List<MailModel.Candidate> candidates(ProposalRouted routed) {
        List<MailModel.Candidate> candidates = new ArrayList<>();
        for (ProposalRouted.Candidate candidate : routed.candidatesOrEmpty()) {
            if (candidate == null || candidate.departmentCode() == null) {
                continue;
            }
            candidates.add(new MailModel.Candidate(directory.nameOf(candidate.departmentCode()),
                    Math.round(candidate.score() * 100)));
        }
        return candidates;
    }

    /**
     * The applicant's file as the department mail shows it: name, size and the signed download link on the public
     * origin ({@code PLATFORM_PUBLIC_URL} + {@code downloadPath}). Null when there is none or the path is not one of
     * proposal-service's download paths.
     */
    private MailModel.Attachment attachment(ProposalSnapshot.Attachment file) {
        if (file == null || file.downloadPath() == null || !file.downloadPath().startsWith("/attachments/")
                || file.downloadPath().chars().anyMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>')) {
            return null;
        }
        String base = properties.publicBaseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String name = file.filename() == null ? "" : MailComposer.headerSafe(file.filename());
        return new MailModel.Attachment(name.isEmpty() ? unnamedAttachment : name,
                file.size() == null ? null : sizeLabel(file.size()), base + file.downloadPath());
    }

    static String sizeLabel(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
