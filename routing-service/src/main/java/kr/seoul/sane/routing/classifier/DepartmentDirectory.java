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
 * departments.json. The set of codes is fixed; an operator may replace the content of a department
 * ({@link #replace}), which readers see at once (the map is swapped, never changed in place).
 */
public final class DepartmentDirectory {

    public static final String RESOURCE = "departments.json";

    private volatile Map<String, Department> departments;
    private final Map<String, String> fieldNames;
    private final List<String> order;

    public DepartmentDirectory(List<Department> departments, Map<String, String> fieldNames) {
        Map<String, Department> byCode = new LinkedHashMap<>();
        departments.forEach(d -> byCode.put(d.code(), d));
        this.departments = Map.copyOf(byCode);
        this.order = List.copyOf(byCode.keySet());
        this.fieldNames = Map.copyOf(fieldNames);
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
        Map<String, Department> current = departments;
        List<Department> out = new ArrayList<>(order.size());
        for (String code : order) {
            out.add(current.get(code));
        }
        return out;
    }

    public Optional<Department> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(departments.get(code));
    }

    public boolean contains(String code) {
        return code != null && departments.containsKey(code);
    }

    /**
     * Replaces the department with the same code.
     *
     * @throws IllegalArgumentException when the code is not in the directory (codes are never added or removed)
     */
    public synchronized void replace(Department department) {
        if (!departments.containsKey(department.code())) {
            throw new IllegalArgumentException("unknown department " + department.code());
        }
        Map<String, Department> next = new LinkedHashMap<>(departments);
        next.put(department.code(), department);
        departments = Map.copyOf(next);
    }

    public String fieldName(String fieldCode) {
        return fieldNames.getOrDefault(fieldCode, fieldCode);
    }
}
