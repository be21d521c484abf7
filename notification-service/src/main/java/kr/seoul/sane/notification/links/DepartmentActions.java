package kr.seoul.sane.notification.links;

import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.notification.mail.MailModel;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The department mails' one-click actions: the signed link ({@link DepartmentLinks}), until when it works and the
 * buttons, and the link to the department's list of its open proposals, with their texts from {@code mail/messages*.properties} (department mails are Korean).
 */
@Component
public class DepartmentActions {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** The department page's actions, in the order the mail shows them. */
    private static final List<String> ACTIONS = List.of("review", "accept", "decline", "transfer", "request-info");

    private final DepartmentLinks links;
    private final DateTimeFormatter expires;
    private final List<MailModel.Action> buttons;

    public DepartmentActions(DepartmentLinks links, MailComposer composer) {
        this.links = links;
        this.expires = DateTimeFormatter.ofPattern(composer.message("format.date-time", MailComposer.KOREAN),
                MailComposer.KOREAN);
        this.buttons = ACTIONS.stream().map(action -> new MailModel.Action(
                composer.message("action." + action + ".label", MailComposer.KOREAN),
                composer.message("action." + action + ".description", MailComposer.KOREAN))).toList();
    }

    /** The buttons: label and what it does (for screen readers); every button opens the same page. */
    public List<MailModel.Action> buttons() {
        return buttons;
    }

    /**
     * Puts the department page link into a mail model: {@code actionUrl} (null without a secret),
     * {@code actionExpires} (Korean date) and {@code actions} (the {@link #buttons}; each action is a POST form on
     * that page).
     */
    public void putInto(Map<String, Object> model, String proposalId, String departmentCode, Instant now) {
        Optional<DepartmentLinks.Link> link = links.departmentPage(proposalId, departmentCode, now);
        model.put("actionUrl", link.map(DepartmentLinks.Link::url).orElse(null));
        model.put("actionExpires", link.map(l -> expires.format(l.expiresAt().atZone(SEOUL))).orElse(null));
        model.put("actions", link.isPresent() ? buttons : List.of());
        putListInto(model, departmentCode, now);
    }

    /**
     * Puts a supporting department's opinion link into a mail model: {@code opinionUrl} (null without a secret) and
     * {@code opinionExpires} (Korean date).
     */
    public void putOpinionInto(Map<String, Object> model, String proposalId, String departmentCode, Instant now) {
        Optional<DepartmentLinks.Link> link = links.supportingOpinion(proposalId, departmentCode, now);
        model.put("opinionUrl", link.map(DepartmentLinks.Link::url).orElse(null));
        model.put("opinionExpires", link.map(l -> expires.format(l.expiresAt().atZone(SEOUL))).orElse(null));
    }

    /**
     * Puts the link to the department's list of its open proposals into a mail model: {@code listUrl} (null without
     * a secret) and {@code listExpires} (Korean date).
     */
    public void putListInto(Map<String, Object> model, String departmentCode, Instant now) {
        Optional<DepartmentLinks.Link> list = links.departmentList(departmentCode, now);
        model.put("listUrl", list.map(DepartmentLinks.Link::url).orElse(null));
        model.put("listExpires", list.map(l -> expires.format(l.expiresAt().atZone(SEOUL))).orElse(null));
    }
}
