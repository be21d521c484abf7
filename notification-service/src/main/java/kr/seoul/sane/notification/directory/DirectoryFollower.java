package kr.seoul.sane.notification.directory;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.ReplayedTopicFollower;
import kr.seoul.sane.events.UnreadableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the {@link DepartmentDirectory} on routing-service's {@code department.directory-changed} events. Applying a
 * version is idempotent (the highest version per code wins), so the events are read from the beginning at every
 * start and never acknowledged ({@link DirectoryListener}, platform-events' {@link ReplayedTopicFollower}, which
 * also skips and counts an unreadable event, the directory staying as it is).
 */
@Component
class DirectoryFollower implements ReplayedTopicFollower.Versions {

    static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryFollower.class);

    private final DepartmentDirectory directory;
    private final EnvelopeReader reader;

    DirectoryFollower(DepartmentDirectory directory, EnvelopeReader reader) {
        this.directory = directory;
        this.reader = reader;
    }

    @Override
    public boolean apply(Envelope<JsonNode> envelope) {
        DirectoryChange change = reader.payload(envelope, DirectoryChange.class);
        DirectoryChange.Entry d = change.department();
        if (d == null || d.code() == null || d.name() == null || d.email() == null || change.version() < 1) {
            throw new UnreadableEventException("department.directory-changed " + envelope.eventId()
                    + " without department code, name, e-mail or version");
        }
        if (!directory.apply(change)) {
            return false;
        }
        log.info("department {} version {} ({}) taken into the directory", d.code(), change.version(),
                change.change());
        return true;
    }
}
