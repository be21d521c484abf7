package kr.seoul.sane.routing.directory;

import kr.seoul.sane.routing.classifier.Department;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One version of one department of the directory ({@code _id} = {@code CODE@version}, so two concurrent edits
 * cannot both become the same version). The newest version of a code is the department in force since its
 * {@code effectiveFrom}; {@code changedBy} is the operator's name, or {@code departments.json} for the seed, and
 * {@code reason} why it changed. A {@code RETIRED} version ends the department: its proposals go to
 * {@code successorCode}. {@code pendingEvent} is the outbox: true from the write until the broker acknowledged the
 * version's {@code department.directory-changed} event (absent for the seed, which is not published).
 */
@Document("department_versions")
public record DepartmentVersion(@Id String id, String code, int version, String name, String office, String email,
                                List<String> fields, String responsibilities, String notFor, String keywords,
                                String aliases, String targetGroup, Instant effectiveFrom, String changedBy,
                                Change change, Status status, String successorCode, String reason,
                                Boolean pendingEvent) {

    static final String SEED = "departments.json";

    /** What a version did to the department. */
    public enum Change { SEED, ADDED, EDITED, MERGED, RETIRED }

    /** Whether the department still receives proposals. */
    public enum Status { ACTIVE, RETIRED }

    /** The seed version of a bundled department (no event). */
    static DepartmentVersion seed(Department d, Instant effectiveFrom) {
        return new DepartmentVersion(d.code() + "@1", d.code(), 1, d.name(), d.office(), d.email(),
                List.copyOf(d.fields()), d.responsibilities(), d.notFor(), d.keywords(), d.aliases(), d.targetGroup(),
                effectiveFrom, SEED, Change.SEED, Status.ACTIVE, null, null, null);
    }

    /** A version made by an operator, its event pending. */
    static DepartmentVersion of(Department d, int version, Instant effectiveFrom, String changedBy, Change change,
                                Status status, String successorCode, String reason) {
        return new DepartmentVersion(d.code() + "@" + version, d.code(), version, d.name(), d.office(), d.email(),
                List.copyOf(d.fields()), d.responsibilities(), d.notFor(), d.keywords(), d.aliases(), d.targetGroup(),
                effectiveFrom, changedBy, change, status, successorCode, reason, Boolean.TRUE);
    }

    /** False only for a retired department (versions stored before retiring existed count as active). */
    public boolean active() {
        return status != Status.RETIRED;
    }

    /** The change, {@code SEED} for the first version and {@code EDITED} for later ones stored without it. */
    public Change changeOrDefault() {
        return change != null ? change : version == 1 ? Change.SEED : Change.EDITED;
    }

    public Department toDepartment() {
        return new Department(code, name, nullToEmpty(office), email, fields == null ? List.of() : List.copyOf(fields),
                nullToEmpty(responsibilities), nullToEmpty(notFor), nullToEmpty(keywords), nullToEmpty(aliases),
                nullToEmpty(targetGroup));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
