package kr.seoul.sane.proposal.department;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.ReplayedTopicFollower;
import kr.seoul.sane.events.UnreadableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the {@link DepartmentDirectory} on routing-service's {@code department.directory-changed} (tolerant reader:
 * the code, name, version, status and successor). Applying a version is idempotent, so the topic is read from the
 * beginning at every start and never acknowledged ({@link DirectoryListener}, platform-events'
 * {@link ReplayedTopicFollower}, which also skips unreadable records). A retirement taken in is handed on
 * ({@link RetiredDepartmentTransfers}).
 */
class DirectoryFollower implements ReplayedTopicFollower.Versions {

    static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryFollower.class);

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
    public boolean apply(Envelope<JsonNode> event) {
        DepartmentDirectory.Version version = version(event.payload());
        if (!directory.apply(version)) {
            return false;
        }
        log.info("department {} version {} taken into the directory", version.code(), version.version());
        if (version.retired()) {
            retirements.retired(version);
        }
        return true;
    }

    /** The version a directory event's payload carries. */
    static DepartmentDirectory.Version version(JsonNode payload) {
        JsonNode d = payload.path("department");
        String code = d.path("code").asString(null);
        String name = d.path("name").asString(null);
        int version = payload.path("version").asInt(0);
        if (code == null || name == null || version < 1) {
            throw new UnreadableEventException(TYPE + " without department code, name or version");
        }
        boolean retired = "RETIRED".equals(d.path("status").asString(""));
        return new DepartmentDirectory.Version(code, name, version, retired,
                d.path("successorCode").isString() ? d.path("successorCode").asString() : null);
    }
}
