package kr.seoul.sane.notification.mail;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders mails from the JTE templates under {@code src/main/jte}, compiled to classes at build time: a plain-text
 * part ({@code text/}, nothing escaped) and an HTML part ({@code html/}, every value escaped for where it stands).
 * A template's parameters are the model's entries of the same name, with {@code kind} (the template's key),
 * {@code subject} and {@code texts} ({@link MailTexts}). Texts and subjects come from
 * {@code mail/messages*.properties} in the recipient's language.
 */
@Component
public class MailComposer {

    public static final Locale KOREAN = Locale.KOREAN;

    private static final String TEMPLATES = "kr.seoul.sane.notification.mailtemplates.";

    private final TemplateEngine text = precompiled(ContentType.Plain, TEMPLATES + "text");
    private final TemplateEngine html = precompiled(ContentType.Html, TEMPLATES + "html");
    private final MessageSource messages;

    public MailComposer() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("mail/messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        this.messages = source;
    }

    /**
     * @param subjectArgs {0} tracking code, {1} department name, {2} proposal title
     */
    public ComposedMail compose(MailTemplate template, Locale locale, Object[] subjectArgs, Map<String, Object> model) {
        String subject = headerSafe(messages.getMessage(template.key() + ".subject", subjectArgs, locale));
        Map<String, Object> params = new HashMap<>(model);
        params.put("kind", template.key());
        params.put("subject", subject);
        params.put("texts", new MailTexts(messages, locale));
        String name = template.view() + ".jte";
        return new ComposedMail(subject, render(text, name, params), render(html, name, params));
    }

    public String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The mails' date format in {@code locale} ({@code format.date}: 2026년 11월 26일 (목)); build it once. */
    public DateTimeFormatter dateFormat(Locale locale) {
        return DateTimeFormatter.ofPattern(message("format.date", locale), locale);
    }

    /** CR, LF and other control characters never reach a header: they become spaces. */
    private static final Pattern HEADER_UNSAFE = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    public static String headerSafe(String value) {
        if (value == null) {
            return "";
        }
        return HEADER_UNSAFE.matcher(value).replaceAll(" ").strip();
    }

    private static String render(TemplateEngine engine, String name, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        engine.render(name, params, output);
        return output.toString();
    }

    /**
     * The engine of the template classes in {@code packageName}, every template loaded now (a missing one fails the
     * start). JTE loads them with the thread's context class loader: here, the one of this application's classes.
     */
    private static TemplateEngine precompiled(ContentType type, String packageName) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailComposer.class.getClassLoader());
        try {
            TemplateEngine engine = TemplateEngine.createPrecompiled(null, type, null, packageName);
            for (MailTemplate template : MailTemplate.values()) {
                engine.prepareForRendering(template.view() + ".jte");
            }
            return engine;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
