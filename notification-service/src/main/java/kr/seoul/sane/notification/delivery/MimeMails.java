package kr.seoul.sane.notification.delivery;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import kr.seoul.sane.notification.mail.MailComposer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds a delivery's MIME message once, as the bytes SMTP will carry: {@code multipart/alternative} with a
 * plain-text and an HTML part, each {@code base64} (4/3 of their UTF-8 bytes, where quoted-printable takes about three
 * times the bytes of Korean text). The parts are encoded by the JDK's MIME base64 encoder in one pass and handed to
 * Jakarta Mail as raw parts, headers and encoded bytes (its own encoder and text handler work a byte at a time); the message is written once into a byte
 * array and {@link WireMessage#writeTo} hands those bytes to the transport in one call, however often it is sent.
 */
final class MimeMails {

    private static final Base64.Encoder BASE64_LINES = Base64.getMimeEncoder();
    /**
     * The Date header as RFC 5322 writes it, in Seoul's time ({@code setSentDate} formats through a synchronized
     * {@code SimpleDateFormat}, 1.3 % of the service's CPU under load).
     */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneId.of("Asia/Seoul"));

    private MimeMails() {
    }

    /** The message of a delivery, with its fixed Message-ID; throws {@link PermanentMailFailure} if it cannot be built. */
    static WireMessage build(Session session, InternetAddress from, Delivery delivery, Clock clock) {
        try {
            WireMessage message = new WireMessage(session, messageId(delivery));
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, SmtpGateway.address(delivery.recipient()));
            for (String cc : delivery.cc() == null ? List.<String>of() : delivery.cc()) {
                message.addRecipient(Message.RecipientType.CC, SmtpGateway.address(cc));
            }
            message.setSubject(MailComposer.headerSafe(delivery.subject()), StandardCharsets.UTF_8.name());
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(base64Part(delivery.textBody(), "text/plain; charset=UTF-8"));
            if (delivery.htmlBody() != null) {
                alternative.addBodyPart(base64Part(delivery.htmlBody(), "text/html; charset=UTF-8"));
            }
            message.setContent(alternative);
            message.setHeader("X-Sane-Delivery", MailComposer.headerSafe(delivery.template()));
            message.setHeader("Date", DATE.format(clock.instant()));
            message.saveChanges();
            message.freeze();
            return message;
        } catch (MessagingException | IOException e) {
            throw new PermanentMailFailure("메일을 만들 수 없습니다: " + e.getMessage(), e);
        }
    }

    /**
     * A text part made of its headers and its content already in base64 (lines of 76 characters, CRLF, as RFC 2045
     * asks), as a part read from the wire would be: Jakarta Mail copies such content as it is, in blocks, where a
     * part given a string writes it through a text handler and a filter stream one byte at a time, and checks it
     * byte by byte for ASCII when the headers are updated (a quarter of the service's CPU under load).
     */
    private static MimeBodyPart base64Part(MailBody body, String contentType) throws MessagingException {
        byte[] utf8 = body == null ? new byte[0] : body.utf8View();
        byte[] encoded = BASE64_LINES.encode(utf8);
        byte[] content = Arrays.copyOf(encoded, encoded.length + 2);
        content[encoded.length] = '\r';
        content[encoded.length + 1] = '\n';
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", contentType);
        headers.setHeader("Content-Transfer-Encoding", "base64");
        return new MimeBodyPart(headers, content);
    }

    /** Stable per delivery, so a mail sent twice after a crash can be recognised as the same mail. */
    static String messageId(Delivery delivery) {
        String id = delivery.id();
        StringBuilder local = new StringBuilder(id.length() + 40).append('<');
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean kept = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-';
            local.append(kept ? c : '.');
        }
        return local.append("@notification.sane.seoul.example>").toString();
    }

    /**
     * A message that, once {@linkplain #freeze() frozen}, is its bytes: {@code saveChanges} changes nothing any
     * more and {@code writeTo} writes the bytes in one call (the mails carry no Bcc and no Content-Length, the
     * headers the transport leaves out).
     */
    static final class WireMessage extends MimeMessage {
        private final String id;
        private byte[] wire;

        private WireMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        private void freeze() throws IOException, MessagingException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
            super.writeTo(bytes, new String[] {"Bcc", "Content-Length"});
            this.wire = bytes.toByteArray();
        }

        /** The bytes SMTP carries (after the transport's dot-stuffing). */
        byte[] wire() {
            return wire;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }

        @Override
        public void saveChanges() throws MessagingException {
            if (wire == null) {
                super.saveChanges();
            }
        }

        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
            if (wire == null) {
                super.writeTo(os, ignoreList);
            } else {
                os.write(wire);
            }
        }

        @Override
        public void writeTo(OutputStream os) throws IOException, MessagingException {
            writeTo(os, null);
        }
    }
}
