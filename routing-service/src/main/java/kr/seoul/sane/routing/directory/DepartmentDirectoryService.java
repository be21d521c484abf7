package kr.seoul.sane.routing.directory;

import kr.seoul.sane.routing.classifier.Department;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.decision.LearnedExampleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The versioned department directory in MongoDB ({@code department_versions}): an administrator adds a department,
 * edits it, merges it into another or retires it. Each change is validated (Korean messages), stored as the next
 * version with who, when and why and its event pending in the same write, handed to the classifier (which uses it
 * at once) and published as {@code department.directory-changed} ({@link DirectoryEvents}).
 */
@Service
public class DepartmentDirectoryService {

    /** Why a command was refused: the request (400), the department is unknown (404) or the state conflicts (409). */
    public enum Problem { NONE, INVALID, NOT_FOUND, CONFLICT }

    /** The outcome of a command: the versions it stored (the department's first), or what is wrong. */
    public record ChangeResult(List<DepartmentVersion> versions, List<FieldError> errors, Problem problem,
                               boolean created) {

        static ChangeResult refused(Problem problem, FieldError... errors) {
            return new ChangeResult(List.of(), List.of(errors), problem, false);
        }

        static ChangeResult invalid(List<FieldError> errors) {
            return new ChangeResult(List.of(), errors, Problem.INVALID, false);
        }

        public Optional<DepartmentVersion> version() {
            return versions.stream().findFirst();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DepartmentDirectoryService.class);

    private final DepartmentVersionRepository versions;
    private final RoutingClassifier classifier;
    private final DirectoryEvents events;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final List<String> bundledOrder;

    DepartmentDirectoryService(DepartmentVersionRepository versions, RoutingClassifier classifier,
                               DirectoryEvents events, MongoTemplate mongo, Clock clock) {
        this.versions = versions;
        this.classifier = classifier;
        this.events = events;
        this.mongo = mongo;
        this.clock = clock;
        this.bundledOrder = DepartmentDirectory.fromClasspath().all().stream().map(Department::code).toList();
    }

    /**
     * The newest version of every department ever known, active or retired: the bundled departments in the order of
     * departments.json, then the added ones in the order they were added.
     */
    public List<DepartmentVersion> current() {
        Map<String, DepartmentVersion> newest = new HashMap<>();
        Map<String, DepartmentVersion> first = new HashMap<>();
        for (DepartmentVersion v : versions.findAll()) {
            newest.merge(v.code(), v, (a, b) -> a.version() >= b.version() ? a : b);
            first.merge(v.code(), v, (a, b) -> a.version() <= b.version() ? a : b);
        }
        Set<String> codes = new LinkedHashSet<>(bundledOrder);
        newest.keySet().stream().filter(c -> !bundledOrder.contains(c))
                .sorted(Comparator.comparing((String c) -> first.get(c).effectiveFrom(),
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(c -> c))
                .forEach(codes::add);
        List<DepartmentVersion> out = new ArrayList<>();
        for (String code : codes) {
            DepartmentVersion v = newest.get(code);
            if (v == null) {
                classifier.directory().find(code).ifPresent(d -> out.add(DepartmentVersion.seed(d, null)));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** Whether the code was ever a department (active or retired). */
    public boolean exists(String code) {
        return classifier.directory().contains(code) || newest(code).isPresent();
    }

    /** Every version of a department, newest first. */
    public List<DepartmentVersion> history(String code) {
        return versions.findByCodeOrderByVersionDesc(code);
    }

    /**
     * Adds the department {@code code} when the code is new (the fixed interface's {@code PUT}: created), changes it
     * otherwise; a retired department cannot be changed.
     */
    public ChangeResult upsert(String code, DepartmentChange change, String operator) {
        return exists(code) ? edit(code, change, operator) : create(code, change, operator);
    }

    /** Adds a department under a new code; a code in use (or once used) is a conflict. */
    public ChangeResult create(String code, DepartmentChange change, String operator) {
        List<FieldError> errors = new ArrayList<>(DepartmentRules.code(code));
        if (errors.isEmpty() && exists(code)) {
            return ChangeResult.refused(Problem.CONFLICT, new FieldError("code",
                    "이미 있는(또는 폐지된) 부서 코드입니다. 다른 코드를 써 주세요."));
        }
        errors.addAll(DepartmentRules.content(code, change, classifier.directory()));
        if (!errors.isEmpty()) {
            return ChangeResult.invalid(errors);
        }
        Department added = merged(code, change, null);
        return store(List.of(DepartmentVersion.of(added, 1, clock.instant(), operator, DepartmentVersion.Change.ADDED,
                DepartmentVersion.Status.ACTIVE, null, reason(change.reason()))), true);
    }

    /** Validates the change and stores it as the next version; the classifier uses it at once. */
    public ChangeResult edit(String code, DepartmentChange change, String operator) {
        Optional<DepartmentVersion> newest = newest(code);
        Department current = classifier.directory().find(code).orElse(null);
        if (current == null) {
            return newest.isPresent() ? retired(code) : unknown(code);
        }
        List<FieldError> errors = DepartmentRules.content(code, change, classifier.directory());
        if (!errors.isEmpty()) {
            return ChangeResult.invalid(errors);
        }
        int version = newest.map(DepartmentVersion::version).orElse(0) + 1;
        return store(List.of(DepartmentVersion.of(merged(code, change, current), version, clock.instant(), operator,
                DepartmentVersion.Change.EDITED, DepartmentVersion.Status.ACTIVE, null, reason(change.reason()))), false);
    }

    /**
     * Merges {@code code} into {@code into}: the department is retired with {@code into} as its successor, whose
     * keywords and English keywords take in the merged department's, so its topics are routed there; its learned
     * examples count for the successor from now on.
     */
    public ChangeResult merge(String code, String into, String reason, String operator) {
        ChangeResult refused = checkEnd(code, into, reason, "into");
        if (refused != null) {
            return refused;
        }
        Department gone = classifier.directory().find(code).orElseThrow();
        Department successor = classifier.directory().find(into).orElseThrow();
        Department absorbing = new Department(successor.code(), successor.name(), successor.office(),
                successor.email(), successor.fields(), successor.responsibilities(), successor.notFor(),
                joined(successor.keywords(), gone.keywords()), joined(successor.aliases(), gone.aliases()),
                successor.targetGroup());
        String why = reason.strip();
        ChangeResult result = store(List.of(
                DepartmentVersion.of(gone, nextVersion(code), clock.instant(), operator,
                        DepartmentVersion.Change.MERGED, DepartmentVersion.Status.RETIRED, into, why),
                DepartmentVersion.of(absorbing, nextVersion(into), clock.instant(), operator,
                        DepartmentVersion.Change.EDITED, DepartmentVersion.Status.ACTIVE, null,
                        "통합: " + gone.name() + " (" + code + ") · " + why)), false);
        if (result.problem() == Problem.NONE) {
            mongo.updateMulti(Query.query(Criteria.where("departmentCode").is(code)),
                    new Update().set("departmentCode", into), LearnedExampleRecord.class);
        }
        return result;
    }

    /** Retires {@code code}: it receives no proposals any more; its open proposals go to {@code successor}. */
    public ChangeResult retire(String code, String successor, String reason, String operator) {
        ChangeResult refused = checkEnd(code, successor, reason, "successor");
        if (refused != null) {
            return refused;
        }
        Department gone = classifier.directory().find(code).orElseThrow();
        return store(List.of(DepartmentVersion.of(gone, nextVersion(code), clock.instant(), operator,
                DepartmentVersion.Change.RETIRED, DepartmentVersion.Status.RETIRED, successor, reason.strip())), false);
    }

    /** Makes the classifier follow a stored version. */
    void apply(DepartmentVersion v) {
        if (v.active()) {
            classifier.putDepartment(v.toDepartment());
        } else if (classifier.directory().contains(v.code())) {
            classifier.retireDepartment(v.code(),
                    v.changeOrDefault() == DepartmentVersion.Change.MERGED ? v.successorCode() : null);
        }
    }

    private ChangeResult checkEnd(String code, String successor, String reason, String successorField) {
        if (!classifier.directory().contains(code)) {
            return exists(code) ? retired(code) : unknown(code);
        }
        List<FieldError> errors = new ArrayList<>(DepartmentRules.reason(reason, true));
        if (successor == null || successor.isBlank()) {
            errors.add(new FieldError(successorField, "제안을 넘겨받을 부서 코드를 골라 주세요."));
        } else if (successor.equals(code)) {
            errors.add(new FieldError(successorField, "부서를 자기 자신에게 통합하거나 넘길 수 없습니다. 다른 부서를 골라 주세요."));
        } else if (!classifier.directory().contains(successor)) {
            errors.add(new FieldError(successorField, exists(successor)
                    ? "폐지된 부서로는 통합하거나 넘길 수 없습니다. 지금 쓰이는 부서를 골라 주세요."
                    : "부서 목록에 없는 부서 코드입니다: " + successor));
        }
        return errors.isEmpty() ? null : ChangeResult.invalid(errors);
    }

    private ChangeResult store(List<DepartmentVersion> changed, boolean created) {
        List<DepartmentVersion> stored = new ArrayList<>();
        for (DepartmentVersion v : changed) {
            try {
                stored.add(versions.insert(v));
            } catch (DuplicateKeyException concurrentEdit) {
                stored.forEach(this::apply);
                events.publish(stored);
                return ChangeResult.refused(Problem.CONFLICT, new FieldError(null,
                        "다른 운영자가 같은 부서를 방금 수정했습니다. 목록을 새로 불러온 뒤 다시 저장해 주세요."));
            }
        }
        stored.forEach(this::apply);
        stored.forEach(v -> log.info("department {} version {} ({}) by {}", v.code(), v.version(),
                v.changeOrDefault(), v.changedBy()));
        events.publish(stored);
        return new ChangeResult(List.copyOf(stored), List.of(), Problem.NONE, created);
    }

    private Optional<DepartmentVersion> newest(String code) {
        return code == null ? Optional.empty() : versions.findFirstByCodeOrderByVersionDesc(code);
    }

    private int nextVersion(String code) {
        return newest(code).map(DepartmentVersion::version).orElse(1) + 1;
    }

    private static ChangeResult unknown(String code) {
        return ChangeResult.refused(Problem.NOT_FOUND, new FieldError("code", "부서 목록에 없는 부서 코드입니다: " + code));
    }

    private static ChangeResult retired(String code) {
        return ChangeResult.refused(Problem.CONFLICT, new FieldError("code",
                "폐지된 부서입니다 (" + code + "). 폐지된 부서는 고치거나 다시 통합할 수 없습니다."));
    }

    private static Department merged(String code, DepartmentChange c, Department current) {
        Department base = current != null ? current
                : new Department(code, "", "", "", List.of(), "", "", "", "", "");
        return new Department(code, c.name().strip(), keep(c.office(), base.office()), c.email().strip(),
                c.fields() == null ? base.fields() : List.copyOf(new LinkedHashSet<>(c.fields())),
                c.responsibilities().strip(), keep(c.notFor(), base.notFor()), keep(c.keywords(), base.keywords()),
                keep(c.aliases(), base.aliases()), base.targetGroup());
    }

    private static String keep(String changed, String current) {
        return changed == null ? current : changed.strip();
    }

    private static String reason(String reason) {
        String r = DepartmentRules.strip(reason);
        return r.isEmpty() ? null : r;
    }

    /** {@code a} followed by the terms of {@code b} it lacks (commas and whitespace separate terms). */
    static String joined(String a, String b) {
        Set<String> have = new LinkedHashSet<>(List.of(DepartmentRules.strip(a).split("[,\\s]+")));
        List<String> added = new ArrayList<>();
        for (String term : DepartmentRules.strip(b).split("[,\\s]+")) {
            if (!term.isBlank() && have.add(term)) {
                added.add(term);
            }
        }
        String base = DepartmentRules.strip(a);
        return added.isEmpty() ? base : base.isEmpty() ? String.join(", ", added) : base + ", " + String.join(", ", added);
    }
}
