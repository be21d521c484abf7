package kr.seoul.sane.opssecurity.language;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The two languages of the window, Korean first: a choice made with {@code ?lang=} (see
 * {@link LanguageAutoConfiguration}) is remembered in the cookie {@code lang} (the same cookie in every service behind
 * the gateway); without a cookie, {@code Accept-Language} picks English when it prefers English over Korean;
 * otherwise Korean.
 */
public class KoreanFirstLocaleResolver extends CookieLocaleResolver {

    /** The cookie and the request parameter that carry the chosen language. */
    public static final String LANG = "lang";
    private static final List<String> SUPPORTED = List.of("ko", "en");
    /** Longer headers are not parsed: no browser sends one, and parsing costs per range. */
    private static final int MAX_HEADER = 512;

    public KoreanFirstLocaleResolver() {
        super(LANG);
        setDefaultLocaleFunction(request -> fromAcceptLanguage(request.getHeader("Accept-Language")));
        setCookieMaxAge(Duration.ofDays(365));
        setCookiePath("/");
        setCookieSameSite("Lax");
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        super.setLocale(request, response, supported(locale));
    }

    /** The best of {@code ko} and {@code en} for an Accept-Language header; Korean when neither fits. */
    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER) {
            return Locale.KOREAN;
        }
        try {
            return "en".equals(Locale.lookupTag(Locale.LanguageRange.parse(header), SUPPORTED))
                    ? Locale.ENGLISH : Locale.KOREAN;
        } catch (IllegalArgumentException e) {
            return Locale.KOREAN;
        }
    }

    /** English for any English locale, Korean for everything else. */
    static Locale supported(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.KOREAN;
    }
}
