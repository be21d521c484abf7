package kr.seoul.sane.catalog.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.ReplayedTopicFollower;
import kr.seoul.sane.events.UnreadableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the {@link DepartmentDirectory} on routing-service's {@code department.directory-changed} (tolerant reader:
 * the code, name, version, status and successor). Applying a version is idempotent, so the topic is read from the
 * beginning at every start and never acknowledged ({@link DirectoryListener}, platform-events'
 * {@link ReplayedTopicFollower}, which also counts and skips an unreadable record, the directory staying as it is).
 */
public class DirectoryFollower implements ReplayedTopicFollower.Versions {

    public static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryFollower.class);

    /** The payload as far as the department names need it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Change(int version, Entry department) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Entry(String code, String name, String status, String successorCode) {
        }
    }

    private final DepartmentDirectory directory;
    private final EnvelopeReader reader;

    public DirectoryFollower(DepartmentDirectory directory, EnvelopeReader reader) {
        this.directory = directory;
        this.reader = reader;
    }

    @Override
    public boolean apply(Envelope<JsonNode> event) {
        DepartmentDirectory.Version version = version(reader.payload(event, Change.class));
        if (!directory.apply(version)) {
            return false;
        }
        log.info("department {} version {} taken into the directory", version.code(), version.version());
        return true;
    }

    /** The version a change carries; a change without code, name or a version from 1 on is unreadable. */
    static DepartmentDirectory.Version version(Change change) {
        Change.Entry d = change.department();
        if (d == null || d.code() == null || d.code().isBlank() || d.name() == null || d.name().isBlank()
                || change.version() < 1) {
            throw new UnreadableEventException(TYPE + " without department code, name or version");
        }
        return new DepartmentDirectory.Version(d.code(), d.name(), change.version(), "RETIRED".equals(d.status()),
                d.successorCode());
    }
}
