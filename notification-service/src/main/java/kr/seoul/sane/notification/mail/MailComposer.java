package kr.seoul.sane.notification.mail;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContextWrapper;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders mails from the Thymeleaf templates under {@code mail/}: a plain-text part ({@code .txt}) and an HTML
 * part ({@code .html}, every value escaped by {@code th:text}). Texts and subjects come from
 * {@code mail/messages*.properties} in the recipient's language.
 */
@Component
public class MailComposer {

    public static final Locale KOREAN = Locale.KOREAN;

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    /**
     * The expressions' evaluation context, shared by every rendering: only read while rendering, and its reflective
     * property accessor keeps the getters it has looked up. Each rendering wraps it once ({@link #compose}); without
     * that, Thymeleaf builds a new context, accessor and wrapper in each element that evaluates an expression (a
     * tenth of the rendering time under load).
     */
    private final StandardEvaluationContext expressions = new StandardEvaluationContext();
    private final MessageSource messages;

    public MailComposer() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("mail/messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        this.messages = source;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
        engine.setTemplateEngineMessageSource(source);
        // the templates' expressions compiled to bytecode once they are used often: a third of the rendering time was
        // SpEL's interpreter (reflective property reads) under load
        engine.setEnableSpringELCompiler(true);
    }

    /**
     * @param subjectArgs {0} tracking code, {1} department name, {2} proposal title
     */
    public ComposedMail compose(MailTemplate template, Locale locale, Object[] subjectArgs, Map<String, Object> model) {
        String subject = headerSafe(messages.getMessage(template.key() + ".subject", subjectArgs, locale));
        Context context = new Context(locale);
        context.setVariables(model);
        context.setVariable("kind", template.key());
        context.setVariable("subject", subject);
        context.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                new ThymeleafEvaluationContextWrapper(expressions));
        String text = engine.process(template.view() + ".txt", context);
        String html = engine.process(template.view() + ".html", context);
        return new ComposedMail(subject, text, html);
    }

    public String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The mails' date format in {@code locale} ({@code format.date}: 2026년 11월 26일 (목)); build it once. */
    public DateTimeFormatter dateFormat(Locale locale) {
        return DateTimeFormatter.ofPattern(message("format.date", locale), locale);
    }

    /** CR, LF and other control characters never reach a header: they become spaces. */
    private static final java.util.regex.Pattern HEADER_UNSAFE =
            java.util.regex.Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    public static String headerSafe(String value) {
        if (value == null) {
            return "";
        }
        return HEADER_UNSAFE.matcher(value).replaceAll(" ").strip();
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of("*" + suffix));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        resolver.setOrder(order);
        resolver.setCheckExistence(true);
        return resolver;
    }
}
