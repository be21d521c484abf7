package kr.seoul.sane.proposal.department;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codes and names of the departments (a copy of the codes and names of {@code shared/data/departments.json}):
 * the choices of a transfer.
 */
@Component
public class DepartmentDirectory {

    public record Department(String code, String name) {
    }

    private final Map<String, Department> byCode;

    public DepartmentDirectory() {
        Map<String, Department> departments = new LinkedHashMap<>();
        try (InputStream in = new ClassPathResource("departments.json").getInputStream()) {
            for (JsonNode d : JsonMapper.builder().build().readTree(in).path("departments")) {
                String code = d.path("code").asString();
                departments.put(code, new Department(code, d.path("name").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.byCode = Collections.unmodifiableMap(departments);
    }

    public boolean contains(String code) {
        return code != null && byCode.containsKey(code);
    }

    public String name(String code) {
        Department d = code == null ? null : byCode.get(code);
        return d == null ? code : d.name();
    }

    public List<Department> all() {
        return List.copyOf(byCode.values());
    }
}
