package kr.seoul.sane.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A rendered mail part as its UTF-8 bytes, stored as BSON binary: the store and the driver copy it as a block where a
 * string of Korean text is converted between UTF-16 and UTF-8 at every write, reply and flush (a quarter of the
 * store's CPU under load was that conversion of mail bodies). Documents written before keep their bodies as strings
 * and are read as well ({@link MailBodyConversions}).
 */
public final class MailBody {

    private final byte[] utf8;

    private MailBody(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The body of a text, or null for none. */
    public static MailBody of(String text) {
        return text == null ? null : new MailBody(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Takes the bytes as they are (a stored document's, read once): no copy on the read path. */
    static MailBody ofUtf8(byte[] utf8) {
        return new MailBody(utf8);
    }

    /** The bytes as stored and as the mail part carries them (before its base64), not copied: callers only read. */
    byte[] utf8View() {
        return utf8;
    }

    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MailBody body && Arrays.equals(utf8, body.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return text();
    }
}
