package kr.seoul.sane.opssecurity;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's copy of the accounts created on the console: the newest version of each, fed by
 * {@link AccountFeed} (and directly by the service that makes the change). {@link #ready()} turns true once the
 * feed has replayed the topic up to where it stood at start; until then a session of an account this copy does
 * not know is refused (it might be one that was disabled).
 */
public final class ManagedAccounts {

    private final Map<String, ManagedAccount> accounts = new ConcurrentHashMap<>();
    private volatile boolean ready;

    /** Keeps {@code account} unless a version at least as new is already here; true when it was taken. */
    public boolean apply(ManagedAccount account) {
        boolean[] taken = {false};
        accounts.compute(account.username(), (name, current) -> {
            if (current != null && current.version() >= account.version()) {
                return current;
            }
            taken[0] = true;
            return account;
        });
        return taken[0];
    }

    public Optional<ManagedAccount> find(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    /** Every account, by user name. */
    public List<ManagedAccount> all() {
        return accounts.values().stream().sorted(Comparator.comparing(ManagedAccount::username)).toList();
    }

    public boolean ready() {
        return ready;
    }

    void markReady() {
        ready = true;
    }
}
