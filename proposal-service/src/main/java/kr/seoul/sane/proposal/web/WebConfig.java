package kr.seoul.sane.proposal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Korean first. {@code ?lang=} wins and is remembered in the cookie {@code lang}; without either, the
 * {@code Accept-Language} header picks English when it prefers English over Korean; otherwise Korean.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    static final Locale KOREAN = Locale.KOREAN;
    private static final List<String> SUPPORTED = List.of("ko", "en");

    /**
     * Not registered: Thymeleaf's ResourceUrlEncodingFilter would wrap every response to rewrite links to versioned
     * resources, and no page links any (the one stylesheet, {@code /assets/site.css}, is served by a controller).
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("lang") {
            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                // only the two languages the window speaks
                Locale chosen = locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : KOREAN;
                super.setLocale(request, response, chosen);
            }
        };
        // no ?lang= and no cookie: the browser's Accept-Language decides between the two languages
        resolver.setDefaultLocaleFunction(request -> fromAcceptLanguage(request.getHeader("Accept-Language")));
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    /** The best of {@code ko} and {@code en} for an Accept-Language header; Korean when neither fits. */
    static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 512) {
            return KOREAN;
        }
        try {
            String best = Locale.lookupTag(Locale.LanguageRange.parse(header), SUPPORTED);
            return "en".equals(best) ? Locale.ENGLISH : KOREAN;
        } catch (IllegalArgumentException e) {
            return KOREAN;
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
