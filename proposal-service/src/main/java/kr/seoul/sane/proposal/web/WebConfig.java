package kr.seoul.sane.proposal.web;

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
import java.util.Locale;

/** Korean first; {@code ?lang=en} switches to English and a cookie remembers the choice. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    static final Locale KOREAN = Locale.KOREAN;

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
        resolver.setDefaultLocaleFunction(request -> KOREAN);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang);
    }
}
