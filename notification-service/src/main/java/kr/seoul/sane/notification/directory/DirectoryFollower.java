package kr.seoul.sane.notification.directory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.notification.event.EventEnvelope;
import kr.seoul.sane.notification.event.EventReader;
import kr.seoul.sane.notification.event.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Keeps the {@link DepartmentDirectory} on routing-service's {@code department.directory-changed} events. Applying a
 * version is idempotent (the highest version per code wins), so the events are read from the beginning at every
 * start and never acknowledged ({@link DirectoryListener}); an unreadable event is logged and skipped, the
 * directory staying as it is.
 */
@Component
class DirectoryFollower implements BatchAcknowledgingMessageListener<String, byte[]> {

    static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryFollower.class);

    private final DepartmentDirectory directory;
    private final EventReader reader;
    private final Counter applied;
    private final Counter unreadable;

    DirectoryFollower(DepartmentDirectory directory, EventReader reader, MeterRegistry meters) {
        this.directory = directory;
        this.reader = reader;
        this.applied = Counter.builder("sane.notification.directory.changes").tag("outcome", "applied")
                .description("department.directory-changed versions taken into the department directory")
                .register(meters);
        this.unreadable = Counter.builder("sane.notification.directory.changes").tag("outcome", "unreadable")
                .description("department.directory-changed events skipped as unreadable").register(meters);
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        for (ConsumerRecord<String, byte[]> record : records) {
            follow(record);
        }
    }

    void follow(ConsumerRecord<String, byte[]> record) {
        try {
            EventEnvelope envelope = reader.envelope(record.value(), TYPE);
            DirectoryChange change = reader.payload(envelope, DirectoryChange.class);
            DirectoryChange.Entry d = change.department();
            if (d == null || d.code() == null || d.name() == null || d.email() == null || change.version() < 1) {
                throw new InvalidEventException("department.directory-changed " + envelope.eventId()
                        + " without department code, name, e-mail or version");
            }
            if (directory.apply(change)) {
                applied.increment();
                log.info("department {} version {} ({}) taken into the directory", d.code(), change.version(),
                        change.change());
            }
        } catch (InvalidEventException e) {
            unreadable.increment();
            log.warn("skipped an unreadable department.directory-changed at {}-{}@{}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }
}
