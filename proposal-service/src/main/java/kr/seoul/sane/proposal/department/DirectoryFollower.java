package kr.seoul.sane.proposal.department;

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
 * beginning at every start and never acknowledged ({@link DirectoryListener}); an unreadable record is logged and
 * skipped. A retirement taken in is handed on ({@link RetiredDepartmentTransfers}).
 */
class DirectoryFollower implements BatchAcknowledgingMessageListener<String, byte[]> {

    static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryFollower.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What happens once a retirement is taken in (its open proposals move to the successor). */
    interface Retirements {
        void retired(DepartmentDirectory.Version version);
    }

    private final DepartmentDirectory directory;
    private final Retirements retirements;

    DirectoryFollower(DepartmentDirectory directory, Retirements retirements) {
        this.directory = directory;
        this.retirements = retirements;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        records.forEach(this::follow);
    }

    void follow(ConsumerRecord<String, byte[]> record) {
        DepartmentDirectory.Version version = read(record.value());
        if (version == null) {
            log.warn("skipped an unreadable department.directory-changed at {}-{}@{}", record.topic(),
                    record.partition(), record.offset());
        } else if (directory.apply(version)) {
            log.info("department {} version {} taken into the directory", version.code(), version.version());
            if (version.retired()) {
                retirements.retired(version);
            }
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
            if (!TYPE.equals(event.path("type").asString(TYPE)) || code == null || name == null || version < 1) {
                return null;
            }
            return new DepartmentDirectory.Version(code, name, version, "RETIRED".equals(d.path("status").asString("")),
                    d.path("successorCode").isString() ? d.path("successorCode").asString() : null);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}
