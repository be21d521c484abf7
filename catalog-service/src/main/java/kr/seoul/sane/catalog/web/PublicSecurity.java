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
     * The public pages' CSP: the ops pages' policy (no script but the site's own, no framing, forms only to this
     * origin), except that the catalogue's own style block in the page head is allowed.
     */
    static final String CSP = OpsSecurityAutoConfiguration.CSP.replace("style-src 'self'",
            "style-src 'self' 'unsafe-inline'");

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
