package kr.seoul.sane.notification.mail;

import org.springframework.web.util.HtmlUtils;

import java.util.regex.Matcher;

/**
 * The notice on top of a department's mail that the PARTNERSHIP mailbox (민관협력담당관) gets instead of the
 * department: a line before the text, a banner at the start of the HTML body.
 */
public final class FallbackNotice {

    private FallbackNotice() {
    }

    public static String text(String notice, String text) {
        return "※ " + notice + "\n\n" + text;
    }

    public static String html(String notice, String html) {
        return html.replaceFirst("(<body[^>]*>)", "$1"
                + Matcher.quoteReplacement("<p style=\"margin:0;padding:12px 24px;background:#fff4e5;"
                + "border-bottom:2px solid #d97706;\">※ " + HtmlUtils.htmlEscape(notice) + "</p>"));
    }

    public static ComposedMail on(String notice, ComposedMail mail) {
        return new ComposedMail(mail.subject(), text(notice, mail.text()), html(notice, mail.html()));
    }
}
