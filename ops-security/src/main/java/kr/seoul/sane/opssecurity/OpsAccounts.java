package kr.seoul.sane.opssecurity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operator accounts, only with hashed passwords: the default operator (OPERATOR and ADMIN) from
 * {@code platform.operator.*} and the extra accounts of {@code platform.ops.users}. Without any usable account
 * nobody can log in (one warning at start).
 */
final class OpsAccounts {

    static final Set<String> ROLES = Set.of("OPERATOR", "ADMIN");
    private static final Logger log = LoggerFactory.getLogger(OpsAccounts.class);

    private OpsAccounts() {
    }

    static InMemoryUserDetailsManager of(OperatorAccount operator, List<OpsSecurityProperties.Account> extra,
                                         PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        boolean operatorSet = operator.password() != null && !operator.password().isBlank()
                && !operator.user().isBlank();
        if (operatorSet) {
            users.add(User.withUsername(operator.user().strip()).password(encoder.encode(operator.password()))
                    .roles("OPERATOR", "ADMIN").build());
        }
        for (OpsSecurityProperties.Account account : extra) {
            users.add(extra(account, users));
        }
        if (users.isEmpty()) {
            log.warn("PLATFORM_OPERATOR_PASSWORD is not set and no platform.ops.users are configured: "
                    + "/ops and /api/ops stay locked");
        } else if (!operatorSet) {
            log.warn("PLATFORM_OPERATOR_PASSWORD is not set: the default operator account is disabled");
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails extra(OpsSecurityProperties.Account account, List<UserDetails> before) {
        String name = account.name() == null ? "" : account.name().strip();
        if (name.isEmpty()) {
            throw new IllegalStateException("platform.ops.users: an account without a name");
        }
        if (before.stream().anyMatch(u -> u.getUsername().equals(name))) {
            throw new IllegalStateException("platform.ops.users: account '" + name + "' is defined twice");
        }
        String hash = account.password() == null ? "" : account.password().strip();
        if (!hash.matches("\\{(bcrypt|pbkdf2@SpringSecurity_v5_8)}.+")) {
            throw new IllegalStateException("platform.ops.users: the password of '" + name
                    + "' must be a hash such as {bcrypt}$2a$10$..., never the plain password");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : account.roles().isEmpty() ? List.of("OPERATOR") : account.roles()) {
            String r = role.strip().toUpperCase(Locale.ROOT);
            if (!ROLES.contains(r)) {
                throw new IllegalStateException("platform.ops.users: unknown role '" + role + "' of '" + name
                        + "' (OPERATOR or ADMIN)");
            }
            roles.add(r);
        }
        return User.withUsername(name).password(hash).roles(roles.toArray(String[]::new)).build();
    }
}
