package kr.seoul.sane.opssecurity;

import kr.seoul.sane.events.EnvelopeReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * One operator login for the ops console of every service: the accounts, the signed {@code SANE_OPS} cookie
 * (JWT, HS256, checked by Spring Security's resource server support) and three filter chains that run before the
 * service's own chain ({@link #ORDER_ASSETS}..{@link #ORDER_PAGES}; a service's chain for its public paths keeps
 * no {@code @Order} or one above {@link #ORDER_PAGES}):
 * <ul>
 *   <li>{@code /ops-shared/**}: the shared stylesheet, open;</li>
 *   <li>{@code /api/ops/**}: HTTP Basic or {@code Authorization: Bearer}, stateless, no CSRF, 401/403 as JSON;</li>
 *   <li>{@code /ops/**}: the cookie or HTTP Basic (never challenged), anonymous → {@code /ops/login?next=...},
 *       CSRF in a cookie on every form, no HTTP session.</li>
 * </ul>
 * Accounts: the configured ones and those created on the console ({@link OpsUserDirectory}), the latter checked on
 * every request, for a session too ({@link OpsSessionCheck}).
 * Every ops path needs the role OPERATOR; {@code platform.ops.admin-paths} need ADMIN (ADMIN implies OPERATOR).
 * A {@link JwtDecoder} bean (e.g. Boot's from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}) takes
 * the place of the shared-key decoder.
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({OpsSecurityProperties.class, OperatorAccount.class})
public class OpsSecurityAutoConfiguration {

    public static final int ORDER_ASSETS = 10;
    public static final int ORDER_API = 11;
    public static final int ORDER_PAGES = 12;
    /** The name and path of the CSRF cookie, the same in every service (one origin behind the gateway). */
    public static final String CSRF_COOKIE = "XSRF-TOKEN";
    /** The CSP of the ops pages: no inline script or style. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** This process's copy of the console accounts (fed by {@link AccountFeed}). */
    @Bean
    @ConditionalOnMissingBean
    ManagedAccounts managedOpsAccounts() {
        return new ManagedAccounts();
    }

    /** The configured accounts, then the console accounts: the one {@code UserDetailsService} of the service. */
    @Bean
    @ConditionalOnMissingBean
    OpsUserDirectory opsAccounts(OperatorAccount operator, OpsSecurityProperties properties, PasswordEncoder encoder,
                                 ManagedAccounts managed) {
        return new OpsUserDirectory(OpsAccounts.of(operator, properties.users(), encoder), managed);
    }

    /**
     * Replays {@code platform.ops.accounts-topic} into {@link ManagedAccounts}, from the brokers of
     * {@code platform.ops.accounts-brokers} or else the service's binder brokers; without either (or without
     * kafka-clients and platform-events) the copy stays empty and never ready, so only the configured accounts count
     * here.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.kafka.clients.consumer.KafkaConsumer", "kr.seoul.sane.events.EnvelopeReader"})
    static class AccountFeedConfiguration {

        @Bean
        AccountFeed opsAccountFeed(ManagedAccounts managed, OpsSecurityProperties properties,
                                   org.springframework.core.env.Environment environment,
                                   ObjectProvider<EnvelopeReader> readers) {
            String brokers = properties.accountsBrokers().isBlank()
                    ? environment.getProperty("spring.cloud.stream.kafka.binder.brokers", "")
                    : properties.accountsBrokers();
            // the service's reader (its JSON read limits), or one of its own outside a service
            return new AccountFeed(managed, readers.getIfAvailable(EnvelopeReader::new), brokers,
                    properties.accountsTopic(),
                    environment.getProperty("spring.application.name", "service") + "-ops-accounts");
        }
    }

    @Bean
    @ConditionalOnMissingBean
    RoleHierarchy opsRoleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role("ADMIN").implies("OPERATOR").build();
    }

    /**
     * The one clock of every service (unless it declares its own): main code reads the date and time only from it,
     * so tests can pin and move time.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OpsTokens opsTokens(OpsSecurityProperties properties, org.springframework.core.env.Environment environment,
                        Clock clock) {
        SecretsCheck.verify(environment);
        return new OpsTokens(properties.sessionSecret(), properties.sessionLifetime(), clock);
    }

    /** Failed logins of the login form and of HTTP Basic alike. */
    @Bean
    @ConditionalOnMissingBean
    LoginThrottle opsLoginThrottle(OpsSecurityProperties properties) {
        return new LoginThrottle(properties.loginThrottle().maxFailures(), properties.loginThrottle().window());
    }

    @Bean
    BasicAuthThrottle opsBasicAuthThrottle(LoginThrottle throttle) {
        return new BasicAuthThrottle(throttle);
    }

    /**
     * Every request body above {@code platform.http.max-body} (64 KB) is refused with 413 before it is parsed or
     * authenticated, in every service (multipart uploads have their own limits).
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(
            @Value("${platform.http.max-body:64KB}") DataSize maxBody) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxBody.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    @ConditionalOnBooleanProperty("platform.ops.login-page")
    OpsLoginController opsLoginController(OpsUserDirectory accounts, PasswordEncoder encoder,
                                          OpsTokens tokens, LoginThrottle throttle,
                                          OpsSecurityProperties properties) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        AuthenticationManager manager = new ProviderManager(provider);
        return new OpsLoginController(manager, accounts, tokens, throttle, properties);
    }

    @Bean
    OpsUserAdvice opsSecurityUserAdvice() {
        return new OpsUserAdvice();
    }

    @Bean
    @Order(ORDER_ASSETS)
    SecurityFilterChain opsSharedAssets(HttpSecurity http) throws Exception {
        http.securityMatcher("/ops-shared/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable());
        statelessWithHeaders(http);
        return http.build();
    }

    @Bean
    @Order(ORDER_API)
    SecurityFilterChain opsApi(HttpSecurity http, OpsSecurityProperties properties, OpsTokens tokens,
                               ObjectProvider<JwtDecoder> decoder, BasicAuthThrottle basicThrottle,
                               OpsUserDirectory accounts) throws Exception {
        AuthenticationEntryPoint unauthorized = OpsResponses.apiUnauthorized();
        AccessDeniedHandler forbidden = OpsResponses.apiForbidden();
        http.securityMatcher("/api/ops/**")
                .authorizeHttpRequests(auth -> roles(auth, properties.adminPaths()).anyRequest().hasRole("OPERATOR"))
                .httpBasic(basic -> basic.realmName("sane-ops")
                        .authenticationEntryPoint(basicThrottle.countingFailures(unauthorized)))
                .addFilterBefore(basicThrottle.guard(), BasicAuthenticationFilter.class)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .csrf(csrf -> csrf.disable());
        jwt(http, new DefaultBearerTokenResolver(), tokens, decoder, new OpsSessionCheck(accounts), unauthorized,
                forbidden);
        statelessWithHeaders(http);
        return http.build();
    }

    @Bean
    @Order(ORDER_PAGES)
    SecurityFilterChain opsPages(HttpSecurity http, OpsSecurityProperties properties, OpsTokens tokens,
                                 ObjectProvider<JwtDecoder> decoder, BasicAuthThrottle basicThrottle,
                                 OpsUserDirectory accounts) throws Exception {
        AuthenticationEntryPoint login = OpsResponses.loginRedirect();
        AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();
        CsrfFilter csrf = new CsrfFilter(csrfTokenRepository());
        csrf.setAccessDeniedHandler(forbidden);
        http.securityMatcher("/ops", "/ops/**")
                .authorizeHttpRequests(auth -> roles(auth, properties.adminPaths())
                        .requestMatchers("/ops/login", "/ops/logout").permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .httpBasic(basic -> basic.realmName("sane-ops")
                        .authenticationEntryPoint(basicThrottle.countingFailures(login)))
                .addFilterBefore(basicThrottle.guard(), BasicAuthenticationFilter.class)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(login).accessDeniedHandler(forbidden))
                // the resource server support would skip CSRF for every request carrying the cookie: the
                // configurer is off and the same filter is added by hand, for every unsafe request
                .csrf(off -> off.disable())
                .addFilterAt(csrf, CsrfFilter.class);
        jwt(http, OpsCookie.resolver(), tokens, decoder, new OpsSessionCheck(accounts), login, forbidden);
        statelessWithHeaders(http);
        return http.build();
    }

    /** No HTTP session, no saved request, the ops headers. */
    private static void statelessWithHeaders(HttpSecurity http) throws Exception {
        http.requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        headers(http);
    }

    private static void jwt(HttpSecurity http, BearerTokenResolver resolver, OpsTokens tokens,
                            ObjectProvider<JwtDecoder> decoder, OpsSessionCheck sessions,
                            AuthenticationEntryPoint entryPoint, AccessDeniedHandler forbidden) throws Exception {
        http.oauth2ResourceServer(server -> server.bearerTokenResolver(resolver)
                .authenticationEntryPoint(entryPoint).accessDeniedHandler(forbidden)
                .jwt(jwt -> jwt.decoder(decoder.getIfAvailable(tokens::decoder))
                        .jwtAuthenticationConverter(sessions)));
    }

    /** {@code platform.ops.admin-paths}: {@code "PUT /api/ops/routing/departments/**"} or {@code "/ops/x/**"}. */
    private static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry roles(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth,
            List<String> adminPaths) {
        for (String entry : adminPaths) {
            String[] parts = entry.strip().split("\\s+", 2);
            if (parts.length == 2) {
                auth.requestMatchers(HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1]).hasRole("ADMIN");
            } else if (!parts[0].isEmpty()) {
                auth.requestMatchers(parts[0]).hasRole("ADMIN");
            }
        }
        return auth;
    }

    /**
     * The CSRF token in the cookie {@link #CSRF_COOKIE} at path {@code /} (HttpOnly: forms carry {@code _csrf}),
     * for the ops pages and any service's public forms: one origin behind the gateway, one cookie.
     */
    public static CookieCsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setCookieName(CSRF_COOKIE);
        tokens.setCookiePath("/");
        return tokens;
    }

    /** The security headers of every ops path: the CSP without inline code, no framing, no sniffing. */
    public static void headers(HttpSecurity http) throws Exception {
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(ref -> ref.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    }
}
