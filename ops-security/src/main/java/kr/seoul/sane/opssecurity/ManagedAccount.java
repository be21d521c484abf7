package kr.seoul.sane.opssecurity;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * An operator account created on the console (not in the configuration), as the event {@code ops.account-changed}
 * carries it: the bcrypt hash only, never the password.
 *
 * @param role              {@code OPERATOR} or {@code ADMIN} (ADMIN implies OPERATOR)
 * @param version           raised by one with each change; an older or equal version never replaces a newer one
 * @param sessionsValidFrom sessions issued before it are refused (set when the account is disabled); may be null
 */
public record ManagedAccount(String username, String displayName, String role, String passwordHash,
                             boolean enabled, long version, Instant sessionsValidFrom) {

    /** The role names a session of this account carries: ADMIN gets OPERATOR too, like the default operator. */
    public List<String> roles() {
        return "ADMIN".equals(role) ? List.of("ADMIN", "OPERATOR") : List.of("OPERATOR");
    }

    /** Whether a session issued at {@code issuedAt} (null = unknown) still counts: enabled, issued after the disabling. */
    public boolean acceptsSessionIssuedAt(Instant issuedAt) {
        // a token's iat has whole seconds: one issued in the second of the disabling counts as issued before it
        return enabled && (sessionsValidFrom == null
                || (issuedAt != null && issuedAt.isAfter(sessionsValidFrom.truncatedTo(ChronoUnit.SECONDS))));
    }

    UserDetails userDetails() {
        return User.withUsername(username).password(passwordHash).disabled(!enabled)
                .roles(roles().toArray(String[]::new)).build();
    }
}
