package kr.seoul.sane.notification.delivery;

import jakarta.activation.FileTypeMap;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import kr.seoul.sane.notification.mail.MailComposer;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

/**
 * Builds a delivery's MIME message once, as the bytes SMTP will carry. The text and HTML parts are
 * {@code base64} (4/3 of their UTF-8 bytes, encoded a line at a time) rather than quoted-printable (about three
 * times the bytes of Korean text, encoded byte by byte); the message is written once into a byte array and
 * {@link WireMessage#writeTo} hands those bytes to the transport in one call, however often it is sent.
 */
final class MimeMails {

    private MimeMails() {
    }

    /** The message of a delivery, with its fixed Message-ID; throws {@link PermanentMailFailure} if it cannot be built. */
    static WireMessage build(Session session, InternetAddress from, Delivery delivery) {
        try {
            WireMessage message = new WireMessage(session, messageId(delivery));
            MimeMessageHelper helper = new SharedTypeMapHelper(message);
            helper.setFrom(from);
            helper.setTo(SmtpGateway.address(delivery.recipient()));
            for (String cc : delivery.cc() == null ? List.<String>of() : delivery.cc()) {
                helper.addCc(SmtpGateway.address(cc));
            }
            helper.setSubject(MailComposer.headerSafe(delivery.subject()));
            helper.setText(delivery.textBody(), delivery.htmlBody());
            base64TextParts(helper.getRootMimeMultipart());
            message.setHeader("X-Sane-Delivery", MailComposer.headerSafe(delivery.template()));
            message.setSentDate(new Date());
            message.saveChanges();
            message.freeze();
            return message;
        } catch (MessagingException | IOException e) {
            throw new PermanentMailFailure("메일을 만들 수 없습니다: " + e.getMessage(), e);
        }
    }

    /** Stable per delivery, so a mail sent twice after a crash can be recognised as the same mail. */
    static String messageId(Delivery delivery) {
        return "<" + delivery.id().replaceAll("[^A-Za-z0-9.-]", ".") + "@notification.sane.seoul.example>";
    }

    /** Every text leaf of the tree gets {@code Content-Transfer-Encoding: base64} (kept by saveChanges). */
    private static void base64TextParts(Multipart multipart) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            Object content = part.getContent();
            if (content instanceof Multipart nested) {
                base64TextParts(nested);
            } else if (part instanceof MimeBodyPart mime && content instanceof String) {
                mime.setHeader("Content-Transfer-Encoding", "base64");
            }
        }
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

    /**
     * Spring's helper builds a new MIME type map for every message it is not given one for (it reads
     * {@code mime.types} from the class path each time); the mails here carry no attachments, one shared map does.
     */
    private static final class SharedTypeMapHelper extends MimeMessageHelper {

        private static final FileTypeMap TYPES = createTypeMap();

        SharedTypeMapHelper(MimeMessage message) throws MessagingException {
            super(message, true, StandardCharsets.UTF_8.name());
        }

        @Override
        protected FileTypeMap getDefaultFileTypeMap(MimeMessage mimeMessage) {
            return TYPES;
        }

        private static FileTypeMap createTypeMap() {
            ConfigurableMimeFileTypeMap map = new ConfigurableMimeFileTypeMap();
            map.afterPropertiesSet();
            return map;
        }
    }
}
