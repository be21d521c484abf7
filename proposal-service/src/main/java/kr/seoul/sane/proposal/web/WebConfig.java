package kr.seoul.sane.proposal.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/** Web settings of the pages; their language comes from ops-security ({@code KoreanFirstLocaleResolver}). */
@Configuration(proxyBeanMethods = false)
class WebConfig {

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
}
