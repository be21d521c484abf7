package kr.seoul.sane.notification.config;

import kr.seoul.sane.opssecurity.OpsSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The OpenAPI document ({@code /v3/api-docs}) is public and read-only, like the other services' documents: it
 * describes the ops API, it does not open it. Everything else keeps {@link SecurityConfig}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiDocsSecurity {

    @Bean
    // before the service's chain, which denies every path but the actuator
    @Order(OpsSecurityAutoConfiguration.ORDER_PAGES + 5)
    SecurityFilterChain apiDocs(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET).permitAll().anyRequest().denyAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        OpsSecurityAutoConfiguration.headers(http);
        return http.build();
    }
}
