package kr.seoul.sane.notification.mail;

/** A rendered mail: subject (one line, no control characters), plain text and HTML. */
public record ComposedMail(String subject, String text, String html) {
}
