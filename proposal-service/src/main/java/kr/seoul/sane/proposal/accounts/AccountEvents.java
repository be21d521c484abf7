package kr.seoul.sane.proposal.accounts;

import kr.seoul.sane.opssecurity.ManagedAccount;
import kr.seoul.sane.tracing.EventTracing;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code ops.account-changed} event of an account's new state (contracts/schemas/ops.account-changed.schema.json):
 * the whole account with its bcrypt hash, never the password; key and envelope {@code proposalId} = user name.
 */
@Component
class AccountEvents {

    static final String TYPE = "ops.account-changed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventTracing tracing;

    AccountEvents(EventTracing tracing) {
        this.tracing = tracing;
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
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", TYPE);
        envelope.put("schemaVersion", 1);
        envelope.put("occurredAt", account.changedAt().toString());
        envelope.put("proposalId", account.username());
        envelope.put("producer", "proposal-service");
        envelope.put("traceparent", tracing.traceparent());
        envelope.put("payload", payload);
        return JSON.writeValueAsString(envelope);
    }

    /** The account as ops-security's copy keeps it. */
    static ManagedAccount managed(OperatorAccountDocument account) {
        return new ManagedAccount(account.username(), account.displayName(), account.role(), account.passwordHash(),
                account.enabled(), account.version(), account.sessionsValidFrom());
    }
}
