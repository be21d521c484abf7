package kr.seoul.sane.routing.decision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** The idempotency guard of the status and erasure events: their eventIds in {@code processed_events}. */
@Component
class ProcessedEvents {

    private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);

    private final ProcessedEventRepository processed;
    private final Clock clock;

    ProcessedEvents(ProcessedEventRepository processed, Clock clock) {
        this.processed = processed;
        this.clock = clock;
    }

    /**
     * A key lookup: {@code existsById} counts through an aggregation, which the embedded store answers by reading
     * the whole collection.
     */
    boolean contains(String eventId) {
        return processed.findById(eventId).isPresent();
    }

    void add(String eventId, String type) {
        try {
            processed.insert(new ProcessedEvent(eventId, type, clock.instant()));
        } catch (DuplicateKeyException concurrentCopy) {
            log.debug("event {} recorded concurrently", eventId);
        }
    }
}
