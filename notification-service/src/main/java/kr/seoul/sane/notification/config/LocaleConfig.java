package kr.seoul.sane.notification.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The ops pages speak Korean first, as proposal-service's pages do: {@code ?lang=} wins and is remembered in the
 * cookie {@code lang} (the same cookie behind the gateway); without either, {@code Accept-Language} picks English
 * when it prefers English over Korean. Mails do not use this: their language comes from the proposal.
 */
@Configuration(proxyBeanMethods = false)
class LocaleConfig implements WebMvcConfigurer {

    private static final List<String> SUPPORTED = List.of("ko", "en");

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("lang") {
            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                super.setLocale(request, response,
                        locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.KOREAN);
            }
        };
        resolver.setDefaultLocaleFunction(request -> fromAcceptLanguage(request.getHeader("Accept-Language")));
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    /** The best of {@code ko} and {@code en} for an Accept-Language header; Korean when neither fits. */
    static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 512) {
            return Locale.KOREAN;
        }
        try {
            return "en".equals(Locale.lookupTag(Locale.LanguageRange.parse(header), SUPPORTED))
                    ? Locale.ENGLISH : Locale.KOREAN;
        } catch (IllegalArgumentException e) {
            return Locale.KOREAN;
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang);
    }
}
