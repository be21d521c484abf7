package kr.seoul.sane.routing.directory;

import kr.seoul.sane.routing.classifier.Department;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The versioned department directory in MongoDB ({@code department_versions}). At the first start every department
 * of departments.json is stored as version 1; at every start the newest stored versions replace the bundled ones in
 * the classifier (before the Kafka consumers start). An operator's change is validated, stored as the next version
 * and handed to the classifier, which rebuilds that department's profile at once. Codes are never added or removed.
 */
@Service
public class DepartmentDirectoryService implements SmartInitializingSingleton {

    /** A validation problem: the request field and a Korean message. */
    public record FieldError(String field, String message) {
    }

    /** The outcome of a change: the new version, or what is wrong with the request. */
    public record ChangeResult(Optional<DepartmentVersion> version, List<FieldError> errors, boolean conflict) {
    }

    private static final Logger log = LoggerFactory.getLogger(DepartmentDirectoryService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final DepartmentVersionRepository versions;
    private final RoutingClassifier classifier;
    private final Clock clock;

    DepartmentDirectoryService(DepartmentVersionRepository versions, RoutingClassifier classifier, Clock clock) {
        this.clock = clock;
        this.versions = versions;
        this.classifier = classifier;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int seeded = 0;
        int replaced = 0;
        for (Department bundled : classifier.directory().all()) {
            Optional<DepartmentVersion> stored = versions.findFirstByCodeOrderByVersionDesc(bundled.code());
            if (stored.isEmpty()) {
                try {
                    versions.insert(DepartmentVersion.of(bundled, 1, clock.instant(), DepartmentVersion.SEED));
                    seeded++;
                } catch (DuplicateKeyException seededConcurrently) {
                    log.debug("department {} seeded by another instance", bundled.code());
                }
            } else if (!stored.get().toDepartment().equals(bundled)) {
                classifier.replaceDepartment(stored.get().toDepartment());
                replaced++;
            }
        }
        log.info("department directory: {} departments, {} seeded from departments.json, {} changed by operators",
                classifier.directory().all().size(), seeded, replaced);
    }

    /**
     * Picks up versions stored by another instance of the service (every {@code sane.routing.directory-refresh},
     * default one minute); a department whose newest version differs from the one in use is replaced.
     */
    @Scheduled(fixedDelayString = "${sane.routing.directory-refresh:PT1M}",
            initialDelayString = "${sane.routing.directory-refresh:PT1M}")
    public void refresh() {
        for (DepartmentVersion newest : current()) {
            Department stored = newest.toDepartment();
            if (!classifier.directory().find(stored.code()).map(stored::equals).orElse(true)) {
                classifier.replaceDepartment(stored);
                log.info("department {} version {} (changed by {}) taken over from the database", stored.code(),
                        newest.version(), newest.changedBy());
            }
        }
    }

    /** The newest version of every department, in directory order. */
    public List<DepartmentVersion> current() {
        Map<String, DepartmentVersion> newest = new LinkedHashMap<>();
        for (DepartmentVersion v : versions.findAll()) {
            newest.merge(v.code(), v, (a, b) -> a.version() >= b.version() ? a : b);
        }
        List<DepartmentVersion> out = new ArrayList<>();
        for (Department d : classifier.directory().all()) {
            out.add(newest.getOrDefault(d.code(), DepartmentVersion.of(d, 1, null, DepartmentVersion.SEED)));
        }
        return out;
    }

    public boolean exists(String code) {
        return classifier.directory().contains(code);
    }

    /** Every version of a department, newest first. */
    public List<DepartmentVersion> history(String code) {
        return versions.findByCodeOrderByVersionDesc(code);
    }

    /** Validates the change and stores it as the next version; the classifier uses it at once. */
    public ChangeResult change(String code, DepartmentChange change, String operator) {
        Department current = classifier.directory().find(code)
                .orElseThrow(() -> new IllegalArgumentException("unknown department " + code));
        List<FieldError> errors = validate(code, change);
        if (!errors.isEmpty()) {
            return new ChangeResult(Optional.empty(), errors, false);
        }
        Department next = new Department(code, change.name().strip(), current.office(), change.email().strip(),
                current.fields(), change.responsibilities().strip(), keep(change.notFor(), current.notFor()),
                keep(change.keywords(), current.keywords()), keep(change.aliases(), current.aliases()),
                current.targetGroup());
        int version = versions.findFirstByCodeOrderByVersionDesc(code).map(DepartmentVersion::version).orElse(0) + 1;
        DepartmentVersion stored;
        try {
            stored = versions.insert(DepartmentVersion.of(next, version, clock.instant(), operator));
        } catch (DuplicateKeyException concurrentEdit) {
            return new ChangeResult(Optional.empty(), List.of(new FieldError(null,
                    "다른 운영자가 같은 부서를 방금 수정했습니다. 목록을 새로 불러온 뒤 다시 저장해 주세요.")), true);
        }
        classifier.replaceDepartment(next);
        log.info("department {} changed to version {} by {}", code, version, operator);
        return new ChangeResult(Optional.of(stored), List.of(), false);
    }

    private static String keep(String changed, String current) {
        return changed == null ? current : changed.strip();
    }

    private List<FieldError> validate(String code, DepartmentChange c) {
        List<FieldError> errors = new ArrayList<>();
        if (c == null) {
            errors.add(new FieldError(null, "요청 본문이 비어 있습니다."));
            return errors;
        }
        String name = c.name() == null ? "" : c.name().strip();
        if (name.length() < 2 || name.length() > 50) {
            errors.add(new FieldError("name", "부서 이름은 2자 이상 50자 이하로 입력해 주세요."));
        } else if (classifier.directory().all().stream()
                .anyMatch(d -> !d.code().equals(code) && d.name().equals(name))) {
            errors.add(new FieldError("name", "다른 부서가 이미 쓰는 이름입니다."));
        }
        String email = c.email() == null ? "" : c.email().strip();
        if (email.isEmpty() || email.length() > 100 || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "부서 이메일 주소 형식이 올바르지 않습니다 (예: team@dept.seoul.example)."));
        }
        String responsibilities = c.responsibilities() == null ? "" : c.responsibilities().strip();
        if (responsibilities.length() < 10 || responsibilities.length() > 2000) {
            errors.add(new FieldError("responsibilities", "담당 업무는 10자 이상 2,000자 이하로 입력해 주세요."));
        }
        if (c.keywords() != null && c.keywords().length() > 2000) {
            errors.add(new FieldError("keywords", "핵심어는 2,000자 이하로 입력해 주세요."));
        }
        if (c.notFor() != null && c.notFor().length() > 1000) {
            errors.add(new FieldError("notFor", "다른 부서 소관(notFor)은 1,000자 이하로 입력해 주세요."));
        }
        if (c.aliases() != null && c.aliases().length() > 2000) {
            errors.add(new FieldError("aliases", "영문 핵심어는 2,000자 이하로 입력해 주세요."));
        }
        return errors;
    }
}
