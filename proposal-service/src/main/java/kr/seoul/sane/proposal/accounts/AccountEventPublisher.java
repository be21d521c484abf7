package kr.seoul.sane.proposal.accounts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an account's pending {@code ops.account-changed} with the outbox relay's producer (acks=all) and clears it
 * once acknowledged; an event the broker did not take stays pending and the sweep sends it again, so no change is
 * lost (consumers keep the highest version, a repeat is harmless).
 */
@Component
class AccountEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(AccountEventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final OperatorAccountStore store;
    /** What the last sweep found pending (user name @ version); only the sweep's thread touches it. */
    private Set<String> seenPending = Set.of();

    AccountEventPublisher(@Qualifier("outboxKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                          OperatorAccountStore store) {
        this.kafka = kafka;
        this.store = store;
    }

    /** True when the broker acknowledged the event within 10 s. */
    boolean publish(OperatorAccountDocument account) {
        if (account.pendingEvent() == null) {
            return true;
        }
        try {
            kafka.send(AccountEvents.TYPE, account.username(),
                    account.pendingEvent().getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            store.published(account.username(), account.version());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("ops.account-changed of account {} version {} not sent yet ({}); the sweep retries",
                    account.username(), account.version(), e.toString());
            return false;
        }
    }

    /**
     * Sends an event only when the previous pass saw it pending too, so the send of the request that made the change
     * normally has a whole interval to finish first (a second send would be harmless: same eventId and version).
     */
    @Scheduled(initialDelayString = "${platform.ops.accounts-sweep-ms:5000}",
            fixedDelayString = "${platform.ops.accounts-sweep-ms:5000}")
    void sweep() {
        Set<String> pendingNow = new HashSet<>();
        boolean sending = true;
        for (OperatorAccountDocument account : store.pending(100)) {
            String key = account.username() + "@" + account.version();
            pendingNow.add(key);
            if (sending && seenPending.contains(key)) {
                sending = publish(account);
            }
        }
        seenPending = pendingNow;
    }
}
