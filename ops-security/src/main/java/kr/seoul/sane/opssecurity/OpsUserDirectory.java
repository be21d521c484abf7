package kr.seoul.sane.opssecurity;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Every account that can log in to this service's ops pages and APIs: the configured ones
 * ({@code platform.operator.*}, {@code platform.ops.users}) first, then those created on the console
 * ({@link ManagedAccounts}; a disabled one is found but refused by Spring Security). A console account can never
 * take the name of a configured one.
 */
public final class OpsUserDirectory implements UserDetailsService {

    private final InMemoryUserDetailsManager configured;
    private final ManagedAccounts managed;

    OpsUserDirectory(InMemoryUserDetailsManager configured, ManagedAccounts managed) {
        this.configured = configured;
        this.managed = managed;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (configured.userExists(username)) {
            return configured.loadUserByUsername(username);
        }
        return managed.find(username).map(ManagedAccount::userDetails)
                .orElseThrow(() -> new UsernameNotFoundException("no such ops account"));
    }

    /** Whether {@code username} is an account of the configuration (environment), which the console never changes. */
    public boolean configured(String username) {
        return configured.userExists(username);
    }

    boolean exists(String username) {
        return configured(username) || managed.find(username).isPresent();
    }

    public ManagedAccounts managed() {
        return managed;
    }
}
