package kr.seoul.sane.notification.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The department directory: first the copy of shared/data/departments.json bundled here, then every
 * {@code department.directory-changed} of routing-service, which owns the directory ({@link #apply}; the highest
 * version per code wins, so a replayed or repeated event changes nothing). Names candidate departments in mails and
 * knows the PARTNERSHIP mailbox (민관협력담당관), where mail goes when a department's address fails. A retired
 * department keeps its name (older mails name it) and points to its successor.
 */
@Component
public class DepartmentDirectory {

    public static final String FALLBACK_CODE = "PARTNERSHIP";

    /** The departments, their successors (retired ones) and the version each came from, swapped as one. */
    private record Snapshot(Map<String, Department> byCode, Map<String, String> successors,
                            Map<String, Integer> versions) {
    }

    private volatile Snapshot snapshot;
    private final Map<String, String> fieldNames = new LinkedHashMap<>();

    public DepartmentDirectory(JsonMapper jsonMapper) {
        Map<String, Department> byCode = new LinkedHashMap<>();
        try (InputStream in = new ClassPathResource("directory/departments.json").getInputStream()) {
            DirectoryFile file = jsonMapper.readValue(in, DirectoryFile.class);
            file.departments().forEach(d -> byCode.put(d.code(), d));
            file.fields().forEach(f -> fieldNames.put(f.code(), f.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("department directory unreadable", e);
        }
        if (!byCode.containsKey(FALLBACK_CODE)) {
            throw new IllegalStateException("department directory lacks the " + FALLBACK_CODE + " mailbox");
        }
        snapshot = new Snapshot(Map.copyOf(byCode), Map.of(), Map.of());
    }

    public Optional<Department> find(String code) {
        return Optional.ofNullable(code).map(snapshot.byCode()::get);
    }

    /** The department that took over a retired one, if {@code code} is retired. */
    public Optional<String> successorOf(String code) {
        return Optional.ofNullable(code).map(snapshot.successors()::get);
    }

    /** The department's name, or its code when the directory does not know it. */
    public String nameOf(String code) {
        return find(code).map(Department::name).orElse(code);
    }

    public Department fallback() {
        return snapshot.byCode().get(FALLBACK_CODE);
    }

    /** The Korean name of a 분야 (field) code, or null. */
    public String fieldName(String fieldCode) {
        return fieldCode == null ? null : fieldNames.getOrDefault(fieldCode, fieldCode);
    }

    /**
     * Takes over a version of a department published by routing-service: a new department is added, a changed one
     * replaced, a retired one points to its successor. Returns false (and changes nothing) when this or a newer
     * version of the code is known already.
     */
    public synchronized boolean apply(DirectoryChange change) {
        DirectoryChange.Entry d = change.department();
        Snapshot current = snapshot;
        Integer known = current.versions().get(d.code());
        if (known != null && known >= change.version()) {
            return false;
        }
        Map<String, Department> byCode = new LinkedHashMap<>(current.byCode());
        byCode.put(d.code(), new Department(d.code(), d.name(), d.office(), d.email()));
        Map<String, String> successors = new HashMap<>(current.successors());
        if (d.retired() && d.successorCode() != null && !d.successorCode().equals(d.code())) {
            successors.put(d.code(), d.successorCode());
        } else {
            successors.remove(d.code());
        }
        Map<String, Integer> versions = new HashMap<>(current.versions());
        versions.put(d.code(), change.version());
        snapshot = new Snapshot(Map.copyOf(byCode), Map.copyOf(successors), Map.copyOf(versions));
        return true;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DirectoryFile(List<Department> departments, List<Field> fields) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Field(String code, String name) {
    }
}
