package kr.seoul.sane.proposal.accounts;

import kr.seoul.sane.opssecurity.ManagedAccount;
import kr.seoul.sane.events.EnvelopeWriter;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ops.account-changed} event of an account's new state (contracts/schemas/ops.account-changed.schema.json):
 * the whole account with its bcrypt hash, never the password; key and envelope {@code proposalId} = user name.
 */
@Component
class AccountEvents {

    static final String TYPE = "ops.account-changed";

    private final EnvelopeWriter writer;

    AccountEvents(EnvelopeWriter writer) {
        this.writer = writer;
    }

    /** The envelope of {@code account} (already in its new state) after {@code change}. */
    String of(OperatorAccountDocument account, String change) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("username", account.username());
        payload.put("displayName", account.displayName());
        payload.put("role", account.role());
        payload.put("passwordHash", account.passwordHash());
        payload.put("enabled", account.enabled());
        payload.put("version", account.version());
        payload.put("sessionsValidFrom", account.sessionsValidFrom() == null ? null
                : account.sessionsValidFrom().toString());
        payload.put("changedAt", account.changedAt().toString());
        payload.put("changedBy", account.changedBy());
        payload.put("change", change);
        return writer.json(writer.envelope(EnvelopeWriter.newEventId(), TYPE, account.username(),
                account.changedAt(), payload));
    }

    /** The account as ops-security's copy keeps it. */
    static ManagedAccount managed(OperatorAccountDocument account) {
        return new ManagedAccount(account.username(), account.displayName(), account.role(), account.passwordHash(),
                account.enabled(), account.version(), account.sessionsValidFrom());
    }
}
