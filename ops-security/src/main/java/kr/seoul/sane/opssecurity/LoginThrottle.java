package kr.seoul.sane.opssecurity;

import io.github.bucket4j.Bucket;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed ops logins per client address and per account name (Bucket4j): after {@code maxFailures} failures
 * within {@code window} the next attempt waits until the bucket refills. Only failures take a token.
 */
public final class LoginThrottle {

    private static final int MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("platform.ops.login-throttle needs max-failures >= 1 and a window");
        }
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Seconds until a login from {@code client} for {@code user} may be tried again, 0 = now. */
    public long secondsToWait(String client, String user) {
        return Math.max(wait(clientKey(client)), wait(userKey(user)));
    }

    /** Counts one failed login against the client and the account name. */
    public void failed(String client, String user) {
        forgetFullBucketsIfCrowded();
        bucket(clientKey(client)).tryConsume(1);
        bucket(userKey(user)).tryConsume(1);
    }

    private long wait(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private Bucket bucket(String key) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(maxFailures).refillGreedy(maxFailures, window)).build());
    }

    private void forgetFullBucketsIfCrowded() {
        if (buckets.size() >= MAX_TRACKED) {
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= maxFailures);
        }
    }

    private static String clientKey(String client) {
        return "client:" + (client == null ? "" : client);
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.strip().toLowerCase(Locale.ROOT));
    }
}
