package kr.seoul.sane.opssecurity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code platform.ops.*}: the ops console's session and accounts beyond the default operator
 * ({@code platform.operator.user} / {@code platform.operator.password}).
 *
 * @param sessionSecret  key material of the signed {@code SANE_OPS} cookie, the same in every service
 *                       ({@code PLATFORM_OPS_SECRET}, the services fall back to {@code PLATFORM_LINK_SECRET});
 *                       empty = a random key per process (a cookie then only works in the service that made it)
 * @param sessionLifetime how long a login lasts
 * @param loginPage      whether this service serves {@code /ops/login} and {@code /ops/logout} (proposal-service)
 * @param loginView      the Thymeleaf view of the login page
 * @param users          extra accounts: a name, a {@code {bcrypt}} hash and roles (OPERATOR, ADMIN)
 * @param adminPaths     paths that need ADMIN: {@code "PUT /api/ops/routing/departments/**"} or a bare pattern
 * @param loginThrottle  failed logins allowed per client address and per account within a window
 * @param accountsTopic  the topic of the console accounts ({@code ops.account-changed}), replayed at start
 * @param accountsBrokers the Kafka brokers of that topic; empty = the binder's
 *                       ({@code spring.cloud.stream.kafka.binder.brokers}); neither = configured accounts only
 */
@ConfigurationProperties("platform.ops")
public record OpsSecurityProperties(
        @DefaultValue("") String sessionSecret,
        @DefaultValue("8h") Duration sessionLifetime,
        @DefaultValue("false") boolean loginPage,
        @DefaultValue("ops/login") String loginView,
        @DefaultValue List<Account> users,
        @DefaultValue List<String> adminPaths,
        @DefaultValue Throttle loginThrottle,
        @DefaultValue("ops.account-changed") String accountsTopic,
        @DefaultValue("") String accountsBrokers) {

    /** An extra account; {@code password} is a hash with its encoder id, e.g. {@code {bcrypt}$2a$10$...}. */
    public record Account(String name, String password, @DefaultValue List<String> roles) {
    }

    /** After {@code maxFailures} failed logins within {@code window} further attempts get 429. */
    public record Throttle(@DefaultValue("5") int maxFailures, @DefaultValue("5m") Duration window) {
    }
}
