package kr.seoul.sane.notification.mail;

import org.springframework.context.MessageSource;

import java.util.Locale;

/**
 * The mail templates' texts from {@code mail/messages*.properties} in the recipient's language:
 * {@code ${texts.get("label.title")}}, {@code ${texts.get("common.greeting", contactName)}}. A text is a value like
 * any other, escaped in the HTML part. A key the messages lack renders as {@code ??key_locale??}.
 */
public final class MailTexts {

    private final MessageSource messages;
    private final Locale locale;

    MailTexts(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    /** The text of {@code key}, its {@code {0}}, {@code {1}}, … filled with {@code args} (MessageFormat). */
    public String get(String key, Object... args) {
        String text = messages.getMessage(key, args, null, locale);
        return text != null ? text : "??" + key + "_" + locale + "??";
    }

    /** The recipient's language ({@code ko}, {@code en}): the HTML part's {@code lang}. */
    public String language() {
        return locale.getLanguage();
    }
}
