package kr.seoul.sane.catalog.directory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Keeps the {@link DepartmentDirectory} on routing-service's {@code department.directory-changed} (tolerant reader:
 * the code, name, version, status and successor). Applying a version is idempotent, so the topic is read from the
 * beginning at every start and never acknowledged ({@link DirectoryListener}); an unreadable record is logged,
 * counted and skipped, the directory staying as it is.
 */
public class DirectoryFollower implements BatchAcknowledgingMessageListener<String, byte[]> {

    public static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryFollower.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DepartmentDirectory directory;
    private final Counter applied;
    private final Counter unreadable;

    public DirectoryFollower(DepartmentDirectory directory, MeterRegistry meters) {
        this.directory = directory;
        this.applied = Counter.builder("sane.catalog.directory.changes").tag("outcome", "applied")
                .description("department.directory-changed versions taken into the department directory")
                .register(meters);
        this.unreadable = Counter.builder("sane.catalog.directory.changes").tag("outcome", "unreadable")
                .description("department.directory-changed records skipped as unreadable").register(meters);
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        records.forEach(this::follow);
    }

    void follow(ConsumerRecord<String, byte[]> record) {
        DepartmentDirectory.Version version = read(record.value());
        if (version == null) {
            unreadable.increment();
            log.warn("skipped an unreadable department.directory-changed at {}-{}@{}", record.topic(),
                    record.partition(), record.offset());
        } else if (directory.apply(version)) {
            applied.increment();
            log.info("department {} version {} taken into the directory", version.code(), version.version());
        }
    }

    /** The version an event carries, or null when it is not a readable directory event. */
    static DepartmentDirectory.Version read(byte[] value) {
        try {
            JsonNode event = JSON.readTree(value);
            JsonNode payload = event.path("payload");
            JsonNode d = payload.path("department");
            String code = d.path("code").asString(null);
            String name = d.path("name").asString(null);
            int version = payload.path("version").asInt(0);
            if (!TYPE.equals(event.path("type").asString(TYPE)) || code == null || code.isBlank() || name == null
                    || name.isBlank() || version < 1) {
                return null;
            }
            return new DepartmentDirectory.Version(code, name, version, "RETIRED".equals(d.path("status").asString("")),
                    d.path("successorCode").isString() ? d.path("successorCode").asString() : null);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}
