package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;

import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.EmbeddedStore;
import kr.seoul.sane.opssecurity.time.FixedDates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly strip of rendered mails on each fixed date (the clock fixed at 10:00 in Seoul), with the default
 * {@code retention.strip-bodies-after} of 30 days: a mail sent a second more than 30 days ago loses its text and
 * HTML, one sent a second less long ago and one not sent keep them; the record itself stays.
 */
class DeliveryRetentionTest {


    private final MongoTemplate mongo = EmbeddedStore.template("bodies");
    private final DeliveryStore store = new DeliveryStore(mongo);
    private final NotificationProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("sane.notification", NotificationProperties.class);

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void sentMailsLoseTheirRenderedBodyThirtyDaysAfterSending(FixedDates day) {
        Instant cutoff = day.instant().minus(Duration.ofDays(30));
        Delivery old = insert("old", DeliveryStatus.SENT, cutoff.minusSeconds(1));
        Delivery recent = insert("recent", DeliveryStatus.SENT, cutoff.plusSeconds(1));
        Delivery failed = insert("failed", DeliveryStatus.FAILED, cutoff.minus(Duration.ofDays(5)));

        new DeliveryRetention(store, defaults, day.clock()).stripOldBodies();

        Delivery stripped = store.find(old.id()).orElseThrow();
        assertThat(stripped.textBody()).isNull();
        assertThat(stripped.htmlBody()).isNull();
        assertThat(stripped.subject()).isEqualTo(old.subject());
        assertThat(stripped.recipient()).isEqualTo(old.recipient());
        assertThat(store.find(recent.id()).orElseThrow().textBody()).isEqualTo(recent.textBody());
        assertThat(store.find(failed.id()).orElseThrow().htmlBody()).as("a failed mail can be resent")
                .isEqualTo(failed.htmlBody());
    }

    private Delivery insert(String name, DeliveryStatus status, Instant at) {
        String id = "event-" + name + ":applicant-receipt:APPLICANT";
        Delivery d = new Delivery(id, "event-" + name, "proposal.submitted", at, "proposal-" + name, null,
                "applicant-receipt", RecipientRole.APPLICANT, null, name + "@example.org", List.of(),
                "[서울사네] 협력제안이 접수되었습니다", MailBody.of("김서연 님, 접수되었습니다 (" + name + ")"),
                MailBody.of("<p>김서연 님 (" + name + ")</p>"), status, 1, at.minusSeconds(5), null, null,
                status == DeliveryStatus.SENT ? at : null, null, status == DeliveryStatus.FAILED, null);
        assertThat(store.insert(d)).isTrue();
        return d;
    }
}
