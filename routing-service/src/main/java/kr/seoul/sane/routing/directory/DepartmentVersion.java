package kr.seoul.sane.routing.directory;

import kr.seoul.sane.routing.classifier.Department;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One version of one department of the directory ({@code _id} = {@code CODE@version}, so two concurrent edits
 * cannot both become the same version). The newest version of a code is the department in force since its
 * {@code effectiveFrom}; {@code changedBy} is the operator's name, or {@code departments.json} for the seed.
 */
@Document("department_versions")
public record DepartmentVersion(@Id String id, String code, int version, String name, String office, String email,
                                List<String> fields, String responsibilities, String notFor, String keywords,
                                String aliases, String targetGroup, Instant effectiveFrom, String changedBy) {

    static final String SEED = "departments.json";

    static DepartmentVersion of(Department d, int version, Instant effectiveFrom, String changedBy) {
        return new DepartmentVersion(d.code() + "@" + version, d.code(), version, d.name(), d.office(), d.email(),
                List.copyOf(d.fields()), d.responsibilities(), d.notFor(), d.keywords(), d.aliases(), d.targetGroup(),
                effectiveFrom, changedBy);
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
