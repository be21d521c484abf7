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

/** The departments that receive proposals and the 분야 (fields) applicants choose from, read from departments.json. */
public final class DepartmentDirectory {

    public static final String RESOURCE = "departments.json";

    private final Map<String, Department> departments;
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
        return order.stream().map(departments::get).toList();
    }

    public Optional<Department> find(String code) {
        return Optional.ofNullable(code).map(departments::get);
    }

    public String fieldName(String fieldCode) {
        return fieldNames.getOrDefault(fieldCode, fieldCode);
    }
}
