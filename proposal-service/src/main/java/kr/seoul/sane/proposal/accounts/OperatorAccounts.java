package kr.seoul.sane.proposal.accounts;

import kr.seoul.sane.opssecurity.ManagedAccounts;
import kr.seoul.sane.opssecurity.OperatorAccount;
import kr.seoul.sane.opssecurity.OpsSecurityProperties;
import kr.seoul.sane.opssecurity.OpsUserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator accounts of the console (ADMIN only): creating one and disabling or enabling it. Each change is
 * stored with its audit entry and its {@code ops.account-changed} event in one document, published at once (every
 * service's ops-security copy follows within seconds) and applied to this service's copy right away. The accounts
 * of the configuration (the environment's ADMIN) are listed but never changed here.
 */
@Service
public class OperatorAccounts {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccounts.class);

    private final OperatorAccountStore store;
    private final AccountEvents events;
    private final AccountEventPublisher publisher;
    private final ManagedAccounts copy;
    private final OpsUserDirectory directory;
    private final PasswordEncoder encoder;
    private final List<String> configured;
    private final Clock clock;

    OperatorAccounts(OperatorAccountStore store, AccountEvents events, AccountEventPublisher publisher,
                     ManagedAccounts copy, OpsUserDirectory directory, PasswordEncoder encoder,
                     OperatorAccount operator, OpsSecurityProperties properties, Clock clock) {
        this.store = store;
        this.events = events;
        this.publisher = publisher;
        this.copy = copy;
        this.directory = directory;
        this.encoder = encoder;
        this.clock = clock;
        List<String> names = new ArrayList<>();
        if (!operator.password().isBlank() && !operator.user().isBlank()) {
            names.add(operator.user().strip());
        }
        properties.users().forEach(u -> names.add(u.name().strip()));
        this.configured = List.copyOf(names);
    }

    /**
     * This service's copy starts from its own store, so its console accounts work (and disabled ones stay refused)
     * before the topic is replayed; the feed then only adds what is newer.
     */
    @EventListener(ApplicationReadyEvent.class)
    void seedTheCopy() {
        store.all().forEach(account -> copy.apply(AccountEvents.managed(account)));
    }

    /** One row of the list: a console account, or a configured one ({@code document} null). */
    public record Listed(String username, OperatorAccountDocument document) {
        public boolean configured() {
            return document == null;
        }
    }

    /** The configured accounts first, then the console accounts by name. */
    public List<Listed> list() {
        List<Listed> rows = new ArrayList<>(configured.stream().map(n -> new Listed(n, null)).toList());
        store.all().stream().filter(a -> !configured.contains(a.username()))
                .forEach(a -> rows.add(new Listed(a.username(), a)));
        return rows;
    }

    public OperatorAccountDocument create(NewAccount typed, String by) {
        NewAccount account = typed.normalised();
        var problems = account.problems();
        if (!problems.isEmpty()) {
            throw new AccountProblem(400, problems);
        }
        if (directory.configured(account.username())) {
            throw AccountProblem.of(409, "username", "'" + account.username()
                    + "'은(는) 환경 설정에 있는 계정의 아이디입니다. 다른 아이디를 골라 주세요.");
        }
        Instant now = clock.instant();
        OperatorAccountDocument fresh = new OperatorAccountDocument(account.username(), account.displayName(),
                account.role(), encoder.encode(account.password()), true, 1, null, now, by, now, by,
                List.of(new OperatorAccountDocument.AuditEntry("CREATED", by, now)), null);
        OperatorAccountDocument stored;
        try {
            stored = store.insert(withEvent(fresh, "CREATED"));
        } catch (DuplicateKeyException e) {
            throw AccountProblem.of(409, "username", "'" + account.username()
                    + "' 아이디의 계정이 이미 있습니다. 다른 아이디를 골라 주세요.");
        }
        log.info("ops account {} ({}) created by {}", stored.username(), stored.role(), by);
        return applied(stored);
    }

    /** Disables ({@code enabled} false: its sessions end everywhere) or enables a console account. */
    public OperatorAccountDocument setEnabled(String username, boolean enabled, String by) {
        if (directory.configured(username)) {
            throw AccountProblem.of(409, null, "환경 설정의 계정은 콘솔에서 바꿀 수 없습니다.");
        }
        if (!enabled && username.equals(by)) {
            throw AccountProblem.of(409, null, "자신의 계정은 비활성화할 수 없습니다. 다른 관리자에게 요청해 주세요.");
        }
        OperatorAccountDocument current = store.find(username).orElseThrow(() ->
                AccountProblem.of(404, null, "'" + username + "' 계정이 없습니다."));
        if (current.enabled() == enabled) {
            return current;
        }
        Instant now = clock.instant();
        Instant sessionsFrom = enabled ? current.sessionsValidFrom() : now;
        String change = enabled ? "ENABLED" : "DISABLED";
        OperatorAccountDocument next = new OperatorAccountDocument(current.username(), current.displayName(),
                current.role(), current.passwordHash(), enabled, current.version() + 1, sessionsFrom,
                current.createdAt(), current.createdBy(), now, by, current.audit(), null);
        OperatorAccountDocument stored = store.change(username, current.version(), enabled, sessionsFrom,
                new OperatorAccountDocument.AuditEntry(change, by, now), events.of(next, change)).orElseThrow(() ->
                AccountProblem.of(409, null, "다른 관리자가 방금 이 계정을 바꿨습니다. 목록을 새로 읽고 다시 해 주세요."));
        log.info("ops account {} {} by {}", username, enabled ? "enabled" : "disabled", by);
        return applied(stored);
    }

    private OperatorAccountDocument withEvent(OperatorAccountDocument account, String change) {
        return new OperatorAccountDocument(account.username(), account.displayName(), account.role(),
                account.passwordHash(), account.enabled(), account.version(), account.sessionsValidFrom(),
                account.createdAt(), account.createdBy(), account.changedAt(), account.changedBy(), account.audit(),
                events.of(account, change));
    }

    /** This service follows at once; the others through the event. */
    private OperatorAccountDocument applied(OperatorAccountDocument stored) {
        copy.apply(AccountEvents.managed(stored));
        publisher.publish(stored);
        return stored;
    }
}
