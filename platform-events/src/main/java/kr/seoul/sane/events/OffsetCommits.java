package kr.seoul.sane.events;

import java.time.Duration;

import org.springframework.kafka.listener.ContainerProperties;

/**
 * How the services' batch listeners commit the offsets they have processed: at most once a second
 * ({@link ContainerProperties.AckMode#TIME}) instead of after every polled batch. At a few proposals a second every
 * batch holds one record, and its synchronous commit was a round trip of the consumer thread and a request of the
 * broker's group coordinator per event. A record is committed only after its batch was handled; when a consumer
 * stops, what it handled is committed; after a crash up to a second of records is read again, which every listener
 * takes as the duplicate it is (its idempotency guard is part of the write of its effect).
 */
public final class OffsetCommits {

    /** The longest a handled record waits for its offset commit. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private OffsetCommits() {
    }

    /** Commits the handled offsets once per {@link #INTERVAL} (and when the consumer stops or loses a partition). */
    public static ContainerProperties timed(ContainerProperties properties) {
        properties.setAckMode(ContainerProperties.AckMode.TIME);
        properties.setAckTime(INTERVAL.toMillis());
        return properties;
    }
}
