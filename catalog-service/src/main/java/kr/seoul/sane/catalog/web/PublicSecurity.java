package kr.seoul.sane.catalog.web;

import kr.seoul.sane.opssecurity.OpsSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every public page and API stays open, without a session. The ops pages ({@code /ops/catalog/**}: the operator's
 * {@code SANE_OPS} cookie from the login at proposal-service, or HTTP Basic) and ops APIs are the shared
 * ops-security module's chains, which run before this one; {@code platform.ops.admin-paths} keeps the rebuild
 * for ADMIN.
 */
@Configuration(proxyBeanMethods = false)
class PublicSecurity {

    /**
     * The public pages' CSP is the ops pages' policy: no script or style but the site's own files (the catalogue's
     * styles are {@code /cases/assets/catalog.css}), no framing, forms only to this origin.
     */
    static final String CSP = OpsSecurityAutoConfiguration.CSP;

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.csrfTokenRepository(OpsSecurityAutoConfiguration.csrfTokenRepository())
                        .ignoringRequestMatchers("/api/**"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)));
        return http.build();
    }
}
