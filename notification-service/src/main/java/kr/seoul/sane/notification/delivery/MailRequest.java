package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.ComposedMail;
import kr.seoul.sane.notification.mail.MailTemplate;

import java.util.List;

/** A mail an event calls for, already rendered, before it becomes a {@link Delivery}. */
public record MailRequest(
        MailTemplate template,
        String recipient,
        List<String> cc,
        String departmentCode,
        ComposedMail mail) {
}
