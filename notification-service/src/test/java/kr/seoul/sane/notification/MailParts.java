package kr.seoul.sane.notification;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The text and HTML parts of a received mail, for assertions. */
public final class MailParts {

    private MailParts() {
    }

    public static String text(Part part) throws Exception {
        return part(part, "text/plain");
    }

    public static String html(Part part) throws Exception {
        return part(part, "text/html");
    }

    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
