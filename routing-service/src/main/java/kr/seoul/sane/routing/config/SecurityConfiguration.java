package kr.seoul.sane.routing.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.util.UUID;

/**
 * {@code /api/ops/**} needs the operator account (HTTP Basic) from PLATFORM_OPERATOR_USER / PLATFORM_OPERATOR_PASSWORD;
 * actuator health and metrics stay open on the service port.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/ops/**").hasRole("OPERATOR")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operators(@Value("${sane.operator.user}") String user,
                                 @Value("${sane.operator.password}") String password, PasswordEncoder encoder) {
        String secret = password;
        if (secret == null || secret.isBlank()) {
            // no account configured: nobody can log in until PLATFORM_OPERATOR_PASSWORD is set
            secret = UUID.randomUUID().toString();
            log.warn("PLATFORM_OPERATOR_PASSWORD is not set; the ops API of routing-service is locked");
        }
        return new InMemoryUserDetailsManager(User.withUsername(user).password(encoder.encode(secret))
                .roles("OPERATOR").build());
    }
}
