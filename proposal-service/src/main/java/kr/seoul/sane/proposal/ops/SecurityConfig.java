package kr.seoul.sane.proposal.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Public pages and APIs stay open; {@code /ops} (form login, session) and {@code /api/ops} (HTTP Basic) need the
 * role OPERATOR. The operator account comes from {@code PLATFORM_OPERATOR_USER} / {@code PLATFORM_OPERATOR_PASSWORD};
 * the password is only kept hashed (bcrypt) in memory.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    private static final AuthenticationEntryPoint JSON_401 = (request, response, e) -> {
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"sane-ops\", charset=\"UTF-8\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"errors\":[{\"field\":null,\"message\":\"운영자 로그인이 필요합니다.\"}]}");
    };
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /** {@code /api/ops/**}: HTTP Basic only (stateless), 401 JSON otherwise; no CSRF (no forms). */
    @Bean
    @Order(1)
    SecurityFilterChain opsApi(HttpSecurity http) throws Exception {
        http
                .securityMatcher("/api/ops/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("OPERATOR"))
                .httpBasic(basic -> basic.authenticationEntryPoint(JSON_401).realmName("sane-ops"))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(JSON_401))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        headers(http);
        return http.build();
    }

    /**
     * {@code /ops/**}: the console. Form login at {@code /ops/login} (a session cookie after login, none before),
     * CSRF on every form, anonymous pages redirect to the login page.
     */
    @Bean
    @Order(2)
    SecurityFilterChain opsPages(HttpSecurity http) throws Exception {
        http
                .securityMatcher("/ops", "/ops/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/ops/login").permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .formLogin(form -> form.loginPage("/ops/login").loginProcessingUrl("/ops/login")
                        .defaultSuccessUrl("/ops", false).failureUrl("/ops/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/ops/logout").logoutSuccessUrl("/ops/login?logout")
                        .deleteCookies("JSESSIONID"))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/ops/login")))
                .csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        headers(http);
        return http.build();
    }

    /** Everything else: public pages and APIs, no session; CSRF protects the HTML forms, not the JSON API. */
    @Bean
    @Order(3)
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
        http
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(JSON_401))
                // token in a cookie, not a session: any instance behind the gateway can check it
                .csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()).ignoringRequestMatchers(api))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        headers(http);
        return http.build();
    }

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(ref -> ref.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operators(@Value("${platform.operator.user:operator}") String user,
                                 @Value("${platform.operator.password:}") String password,
                                 PasswordEncoder encoder) {
        String secret = password;
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            secret = HexFormat.of().formatHex(random);
            log.warn("PLATFORM_OPERATOR_PASSWORD is not set: the ops API stays locked until it is");
        }
        return new InMemoryUserDetailsManager(
                User.withUsername(user).password(encoder.encode(secret)).roles("OPERATOR").build());
    }
}
