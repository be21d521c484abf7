package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.directory.Department;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.mail.FallbackNotice;
import kr.seoul.sane.notification.mail.MailComposer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A department mail that cannot reach its department goes to the PARTNERSHIP mailbox (민관협력담당관), so the
 * proposal is not stranded: the same mail with a notice on top, recorded as its own delivery ({@code …:FALLBACK}).
 */
@Component
class FallbackCopies {

    private final DeliveryStore store;
    private final DepartmentDirectory directory;
    private final MailComposer composer;
    private final Clock clock;
    private final NotificationProperties.Dispatch config;

    FallbackCopies(DeliveryStore store, DepartmentDirectory directory, MailComposer composer, Clock clock,
                   NotificationProperties properties) {
        this.store = store;
        this.directory = directory;
        this.composer = composer;
        this.clock = clock;
        this.config = properties.dispatch();
    }

    /** Records the copy of a department mail that failed for good; its id, or null when there is none to make. */
    String record(Delivery delivery) {
        Department partnership = directory.fallback();
        if (delivery.recipientRole() != RecipientRole.DEPARTMENT
                || partnership.email().equalsIgnoreCase(delivery.recipient())) {
            return null;
        }
        String id = Delivery.fallbackCopyOf(delivery.id());
        String notice = composer.message("fallback.notice", MailComposer.KOREAN,
                directory.nameOf(delivery.departmentCode()), partnership.name());
        Instant now = clock.instant();
        Delivery copy = new Delivery(id, delivery.sourceEventId(), delivery.sourceEventType(),
                delivery.sourceOccurredAt(), delivery.proposalId(), delivery.traceparent(), delivery.template(),
                RecipientRole.DEPARTMENT, partnership.code(), partnership.email(), List.of(), delivery.subject(),
                MailBody.of(FallbackNotice.text(notice, delivery.textBody().text())),
                MailBody.of(FallbackNotice.html(notice, delivery.htmlBody().text())), DeliveryStatus.PENDING, 0, now,
                now.plus(config.pendingGrace()), null, null, null, false, null);
        store.insert(copy);
        return id;
    }
}
