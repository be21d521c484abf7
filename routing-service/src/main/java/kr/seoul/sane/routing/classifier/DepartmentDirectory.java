package kr.seoul.sane.routing.classifier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The departments that receive proposals and the 분야 (fields) applicants choose from, first read from
 * departments.json. An administrator may add a department, replace its content ({@link #put}) or retire it
 * ({@link #remove}); readers see the change at once (the map and the order are swapped together, never changed in
 * place).
 */
public final class DepartmentDirectory {

    public static final String RESOURCE = "departments.json";

    /** The departments by code and their order, swapped as one. */
    private record Snapshot(Map<String, Department> byCode, List<String> order) {

        static Snapshot of(Map<String, Department> ordered) {
            return new Snapshot(Map.copyOf(ordered), List.copyOf(ordered.keySet()));
        }

        LinkedHashMap<String, Department> ordered() {
            LinkedHashMap<String, Department> out = new LinkedHashMap<>();
            order.forEach(code -> out.put(code, byCode.get(code)));
            return out;
        }
    }

    private volatile Snapshot snapshot;
    private final Map<String, String> fieldNames;

    public DepartmentDirectory(List<Department> departments, Map<String, String> fieldNames) {
        Map<String, Department> byCode = new LinkedHashMap<>();
        departments.forEach(d -> byCode.put(d.code(), d));
        this.snapshot = Snapshot.of(byCode);
        this.fieldNames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fieldNames));
    }

    /** Reads the directory kept in the service's own resources. */
    public static DepartmentDirectory fromClasspath() {
        try (InputStream in = DepartmentDirectory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DepartmentDirectory read(InputStream in) {
        JsonNode root = JsonMapper.builder().build().readTree(in);
        Map<String, String> fields = new LinkedHashMap<>();
        for (JsonNode f : root.path("fields")) {
            fields.put(f.path("code").asString(), f.path("name").asString());
        }
        List<Department> list = new ArrayList<>();
        for (JsonNode d : root.path("departments")) {
            List<String> deptFields = new ArrayList<>();
            d.path("fields").forEach(f -> deptFields.add(f.asString()));
            list.add(new Department(d.path("code").asString(), d.path("name").asString(),
                    d.path("office").asString(""), d.path("email").asString(), List.copyOf(deptFields),
                    d.path("responsibilities").asString(""), d.path("notFor").asString(""),
                    d.path("keywords").asString(""), d.path("aliases").asString(""),
                    d.path("targetGroup").asString("")));
        }
        return new DepartmentDirectory(list, fields);
    }

    public List<Department> all() {
        Snapshot current = snapshot;
        List<Department> out = new ArrayList<>(current.order().size());
        for (String code : current.order()) {
            out.add(current.byCode().get(code));
        }
        return out;
    }

    public Optional<Department> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(snapshot.byCode().get(code));
    }

    public boolean contains(String code) {
        return code != null && snapshot.byCode().containsKey(code);
    }

    /**
     * Replaces the department with the same code.
     *
     * @throws IllegalArgumentException when the code is not in the directory
     */
    public synchronized void replace(Department department) {
        if (!contains(department.code())) {
            throw new IllegalArgumentException("unknown department " + department.code());
        }
        put(department);
    }

    /** Adds the department (at the end) or replaces the one with the same code (in its place). */
    public synchronized void put(Department department) {
        LinkedHashMap<String, Department> next = snapshot.ordered();
        next.put(department.code(), department);
        snapshot = Snapshot.of(next);
    }

    /** Takes a retired department out: it receives no proposals any more. */
    public synchronized void remove(String code) {
        LinkedHashMap<String, Department> next = snapshot.ordered();
        if (next.remove(code) != null) {
            snapshot = Snapshot.of(next);
        }
    }

    /** The 분야 (fields) applicants choose from: code → Korean name, in the order of departments.json. */
    public Map<String, String> fields() {
        return fieldNames;
    }

    /** The 분야 codes applicants choose from. */
    public boolean isField(String fieldCode) {
        return fieldNames.containsKey(fieldCode);
    }

    public String fieldName(String fieldCode) {
        return fieldNames.getOrDefault(fieldCode, fieldCode);
    }
}
