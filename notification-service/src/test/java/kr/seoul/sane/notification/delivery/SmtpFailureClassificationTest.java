package kr.seoul.sane.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

import java.net.ConnectException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which SMTP failures end a delivery (5xx, invalid address) and which wait for a retry (4xx, unreachable). */
class SmtpFailureClassificationTest {

    @Test
    void rejectedRecipientIsPermanent() throws Exception {
        var rejected = new MessagingException("send failed", new SMTPAddressFailedException(
                new InternetAddress("nobody@dept.seoul.example"), "RCPT TO", 550, "550 5.1.1 user unknown"));
        RuntimeException failure = SmtpGateway.classify(failedSend(rejected));
        assertThat(failure).isInstanceOf(PermanentMailFailure.class).hasMessageContaining("550");
        assertThat(failure.getMessage()).doesNotContain("@");
    }

    @Test
    void temporaryRefusalAndUnreachableServerAreRetried() throws Exception {
        var busy = new SMTPSendFailedException("DATA", 451, "451 4.3.0 try again later", null, null, null, null);
        assertThat(SmtpGateway.classify(failedSend(busy))).isInstanceOf(TransientMailFailure.class);
        var down = new MailSendException("Mail server connection failed",
                new MessagingException("Couldn't connect", new ConnectException("Connection refused")));
        RuntimeException failure = SmtpGateway.classify(down);
        assertThat(failure).isInstanceOf(TransientMailFailure.class).hasMessageContaining("Connection refused");
    }

    @Test
    void malformedAddressesNeverReachSmtp() {
        for (String bad : new String[] {"broken(address@dept.seoul.example", "a@b.c\r\nBcc: x@y.z", "two@a.kr,three@b.kr",
                "no-at-sign.example", ""}) {
            assertThatThrownBy(() -> SmtpGateway.address(bad)).as(bad).isInstanceOf(PermanentMailFailure.class);
        }
        assertThat(SmtpGateway.address("resource-circulation@dept.seoul.example").getAddress())
                .isEqualTo("resource-circulation@dept.seoul.example");
    }

    private static MailSendException failedSend(Exception cause) {
        return new MailSendException(Map.of(new Object(), cause));
    }
}
