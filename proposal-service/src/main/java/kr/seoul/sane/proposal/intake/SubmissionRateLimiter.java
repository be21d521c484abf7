package kr.seoul.sane.proposal.intake;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Submissions per client and minute (Bucket4j); {@code PLATFORM_RATE_LIMIT_PER_MINUTE=0} turns it off. */
@Component
public class SubmissionRateLimiter {

    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Counter limited;

    SubmissionRateLimiter(@Value("${platform.rate-limit-per-minute:20}") int perMinute, MeterRegistry meters) {
        this.perMinute = perMinute;
        this.limited = Counter.builder("sane.proposals.rate.limited")
                .description("Submissions refused with 429 because the client exceeded the rate limit")
                .register(meters);
    }

    /** Seconds to wait before the next submission is allowed, or 0 when this one may go ahead. */
    public long secondsToWait(String client) {
        if (perMinute <= 0) {
            return 0;
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        limited.increment();
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** Forgets clients whose bucket is full again, so the map does not grow without bound. */
    @Scheduled(fixedDelay = 60_000)
    void forgetIdleClients() {
        buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
    }
}
