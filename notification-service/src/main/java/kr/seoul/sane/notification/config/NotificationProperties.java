package kr.seoul.sane.notification.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings under {@code sane.notification}. */
@ConfigurationProperties("sane.notification")
public record NotificationProperties(
        @DefaultValue("서울사네 <no-reply@sane.seoul.example>") String from,
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue("http://localhost:8080/track") String trackUrl,
        @DefaultValue("3") int answerBusinessDays,
        @DefaultValue("7") int escalationBusinessDays,
        @DefaultValue("") String operatorEmail,
        @DefaultValue Dispatch dispatch,
        @DefaultValue Retention retention,
        @DefaultValue Links links) {

    /**
     * Signed department links (the same secret as proposal-service's {@code platform.links.secret}):
     * {@code validity} of a proposal's page link, {@code listValidity} of the department's list link.
     */
    public record Links(@DefaultValue("") String secret, @DefaultValue("30d") Duration validity,
                        @DefaultValue("30d") Duration listValidity) {
    }

    /** How deliveries are sent and retried. */
    public record Dispatch(
            @DefaultValue("16") int senders,
            @DefaultValue("2000") int queueCapacity,
            @DefaultValue("20s") Duration pollInterval,
            @DefaultValue("500") int pollBatch,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("15s") Duration pendingGrace,
            @DefaultValue("5s") Duration firstRetryDelay,
            @DefaultValue("5m") Duration maxRetryDelay,
            @DefaultValue("60") int maxAttempts,
            @DefaultValue("3") int reportTransientAfterAttempts) {
    }

    /** How long the rendered mail (personal data) of a sent delivery is kept; the record itself stays. */
    public record Retention(@DefaultValue("30d") Duration stripBodiesAfter) {
    }
}
