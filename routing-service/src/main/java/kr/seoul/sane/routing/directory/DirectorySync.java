package kr.seoul.sane.routing.directory;

import kr.seoul.sane.routing.classifier.Department;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Keeps the classifier on the stored directory: at the first start every department of departments.json is stored
 * as version 1; at every start (before the Kafka consumers start) and every {@code sane.routing.directory-refresh}
 * (versions stored by another instance) the newest stored version of each code replaces the one in use, adds a
 * department or retires one.
 */
@Component
public class DirectorySync implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final DepartmentVersionRepository versions;
    private final DepartmentDirectoryService directory;
    private final RoutingClassifier classifier;
    private final Clock clock;

    DirectorySync(DepartmentVersionRepository versions, DepartmentDirectoryService directory,
                  RoutingClassifier classifier, Clock clock) {
        this.versions = versions;
        this.directory = directory;
        this.classifier = classifier;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int seeded = 0;
        for (Department bundled : classifier.directory().all()) {
            if (versions.findFirstByCodeOrderByVersionDesc(bundled.code()).isEmpty()) {
                try {
                    versions.insert(DepartmentVersion.seed(bundled, clock.instant()));
                    seeded++;
                } catch (DuplicateKeyException seededConcurrently) {
                    log.debug("department {} seeded by another instance", bundled.code());
                }
            }
        }
        int changed = follow();
        log.info("department directory: {} departments in force, {} seeded from departments.json, {} changed by "
                + "operators", classifier.directory().all().size(), seeded, changed);
    }

    /** Picks up versions stored by another instance of the service (default every minute). */
    @Scheduled(fixedDelayString = "${sane.routing.directory-refresh:PT1M}",
            initialDelayString = "${sane.routing.directory-refresh:PT1M}")
    public void refresh() {
        follow();
    }

    /** Applies every newest version that differs from what the classifier uses; returns how many. */
    private int follow() {
        int changed = 0;
        for (DepartmentVersion newest : directory.current()) {
            boolean inForce = classifier.directory().find(newest.code())
                    .map(d -> d.equals(newest.toDepartment())).orElse(false);
            boolean present = classifier.directory().contains(newest.code());
            if (newest.active() ? !inForce : present) {
                directory.apply(newest);
                changed++;
                log.info("department {} version {} ({} by {}) taken over from the database", newest.code(),
                        newest.version(), newest.changeOrDefault(), newest.changedBy());
            }
        }
        return changed;
    }
}
