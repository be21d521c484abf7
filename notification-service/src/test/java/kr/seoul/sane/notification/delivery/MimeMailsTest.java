package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import kr.seoul.sane.notification.mail.ComposedMail;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The MIME message of a delivery: base64 text and HTML parts that decode to exactly the composed mail. */
class MimeMailsTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void textAndHtmlAreBase64AndDecodeToTheComposedMail() throws Exception {
        String note = "검토 의견입니다. 골목 재활용 <거점> & 나눔 🌱\n. 줄 처음의 점\n".repeat(20);
        ComposedMail composed = new ComposedMail("[서울사네] 협력제안 검토 결과를 알려 드립니다 (접수번호 SN-TEST-0000-0001)",
                "안녕하세요.\n\n" + note + "끝",
                "<!DOCTYPE html><html lang=\"ko\"><body><p>안녕하세요.</p><pre>" + note.replace("<", "&lt;")
                        + "</pre>\n.\n</body></html>");
        Delivery delivery = delivery(composed);

        MimeMails.WireMessage message = MimeMails.build(session, new InternetAddress("no-reply@sane.seoul.example",
                "서울사네", "UTF-8"), delivery, java.time.Clock.fixed(Instant.parse("2026-03-02T01:00:05Z"),
                java.time.ZoneOffset.UTC));
        byte[] wire = message.wire();
        String raw = new String(wire, StandardCharsets.US_ASCII);
        assertThat(raw).doesNotContain("quoted-printable");

        MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(wire));
        assertThat(parsed.getSubject()).isEqualTo(composed.subject());
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-03-02T01:00:05Z"));
        assertThat(parsed.getHeader("Date")).as("RFC 5322, Seoul's time").containsExactly("Mon, 2 Mar 2026 10:00:05 +0900");
        assertThat(parsed.getMessageID()).isEqualTo("<p-1.proposal.submitted.applicant-declined.APPLICANT"
                + "@notification.sane.seoul.example>");
        List<Part> leaves = new ArrayList<>();
        leaves(parsed, leaves);
        assertThat(leaves).hasSize(2);
        for (Part leaf : leaves) {
            assertThat(leaf.getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        }
        assertThat(leaves.get(0).isMimeType("text/plain")).isTrue();
        assertThat(leaves.get(0).getContent()).isEqualTo(composed.text());
        assertThat(leaves.get(1).isMimeType("text/html")).isTrue();
        assertThat(leaves.get(1).getContent()).isEqualTo(composed.html());

        // what the transport writes is those bytes, the same on every attempt
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        message.saveChanges();
        message.writeTo(written, new String[] {"Bcc", "Content-Length"});
        assertThat(written.toByteArray()).isEqualTo(wire);
        // base64 keeps Korean text small: far less than the ~3x of quoted-printable
        int utf8 = composed.text().getBytes(StandardCharsets.UTF_8).length
                + composed.html().getBytes(StandardCharsets.UTF_8).length;
        assertThat(wire.length).isLessThan(utf8 * 3 / 2 + 2_000);
    }

    private static void leaves(Part part, List<Part> into) throws Exception {
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                leaves(multipart.getBodyPart(i), into);
            }
        } else {
            into.add(part);
        }
    }

    private static Delivery delivery(ComposedMail mail) {
        Instant now = Instant.parse("2026-03-02T01:00:00Z");
        return new Delivery("p-1:proposal.submitted:applicant-declined:APPLICANT", "p-1:proposal.submitted",
                "proposal.status-changed", now, "p-1", null, "applicant-declined", RecipientRole.APPLICANT, null,
                "applicant@example.org", List.of("cc@example.org"), mail.subject(), MailBody.of(mail.text()), MailBody.of(mail.html()),
                DeliveryStatus.SENDING, 0, now, now, now, null, null, false, null);
    }
}
