package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.opssecurity.OpsSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.nio.charset.StandardCharsets;

/**
 * The public pages and APIs: open, no session; CSRF (token in a cookie) protects the HTML forms, not the JSON API.
 * {@code /ops/**} (with the login page, {@code platform.ops.login-page}) and {@code /api/ops/**} are the shared
 * ops-security module's chains, which run first.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final AuthenticationEntryPoint JSON_401 = (request, response, e) -> {
        response.setStatus(401);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"errors\":[{\"field\":null,\"message\":\"로그인이 필요합니다.\"}]}");
    };

    /**
     * No observation around each security filter (Spring Security otherwise wraps every filter of every chain in
     * its own observation, on every request): the HTTP server observation of the whole request and its trace
     * context stay, and so do the security filters themselves.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall with its default rules; only its character rules for headers and parameters
     * are plain scans instead of regular expressions evaluated for every header read ({@link FirewallCharacters}).
     */
    @Bean
    static HttpFirewall httpFirewall() {
        return FirewallCharacters.firewall();
    }

    @Bean
    @Order(OpsSecurityAutoConfiguration.ORDER_PAGES + 10)
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
        http
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(JSON_401))
                // token in a cookie, not a session: any instance behind the gateway can check it
                .csrf(csrf -> csrf.csrfTokenRepository(OpsSecurityAutoConfiguration.csrfTokenRepository()).ignoringRequestMatchers(api))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        OpsSecurityAutoConfiguration.headers(http);
        return http.build();
    }
}
