package kr.seoul.sane.routing.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Actuator health and metrics stay open on the service port. {@code /api/ops/**} (operator account from
 * PLATFORM_OPERATOR_USER / PLATFORM_OPERATOR_PASSWORD over HTTP Basic, or the ops login's token) is the shared
 * ops-security module's chain, which runs before this one; directory edits need ADMIN
 * ({@code platform.ops.admin-paths}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
