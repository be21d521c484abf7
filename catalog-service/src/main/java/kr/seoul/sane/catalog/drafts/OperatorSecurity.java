package kr.seoul.sane.catalog.drafts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

import java.util.UUID;

/**
 * Only the ops pages and ops APIs need a login (HTTP Basic, which also works through the gateway);
 * every public page and API stays open. CSRF protects the ops forms, not the read-only public APIs.
 */
@Configuration(proxyBeanMethods = false)
class OperatorSecurity {

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/ops/**", "/api/ops/**").hasRole("OPERATOR")
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.realmName("서울사네 운영자"))
                .exceptionHandling(e -> e.authenticationEntryPoint(basicEntryPoint()))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    private static org.springframework.security.web.AuthenticationEntryPoint basicEntryPoint() {
        HttpStatusEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"sane-ops\", charset=\"UTF-8\"");
            unauthorized.commence(request, response, exception);
        };
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operators(@Value("${platform.operator.user:operator}") String user,
                                 @Value("${platform.operator.password:}") String password,
                                 PasswordEncoder encoder) {
        String secret = password == null || password.isBlank() ? UUID.randomUUID().toString() : password;
        return new InMemoryUserDetailsManager(User.withUsername(user).password(encoder.encode(secret))
                .roles("OPERATOR").build());
    }
}
