package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.opssecurity.OpsSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Swagger UI ({@code /swagger-ui.html}, {@code /swagger-ui/**}): public and read-only (GET only, no session). Its
 * scripts are files (springdoc's {@code swagger-initializer.js} included), so {@code script-src 'self'} stays; but
 * {@code swagger-ui-bundle.js} applies inline styles while it renders, which {@code style-src 'self'} blocks. Only on
 * these paths the policy allows inline styles; every other directive is the platform's own
 * ({@link OpsSecurityAutoConfiguration#CSP}, the policy of every other page).
 * The OpenAPI document {@code /v3/api-docs} is JSON and keeps the service's policy.
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUiSecurity {

    static final String CSP = OpsSecurityAutoConfiguration.CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    @Bean
    // before the service's public chain, which would send the strict policy
    @Order(OpsSecurityAutoConfiguration.ORDER_PAGES + 5)
    SecurityFilterChain swaggerUi(HttpSecurity http) throws Exception {
        http
                .securityMatcher("/swagger-ui.html", "/swagger-ui/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .anyRequest().denyAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(ref -> ref.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
