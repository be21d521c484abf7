package kr.seoul.sane.notification.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The department directory (copy of shared/data/departments.json). Names candidate departments in mails and
 * knows the PARTNERSHIP mailbox (민관협력담당관), where mail goes when a department's address fails.
 */
@Component
public class DepartmentDirectory {

    public static final String FALLBACK_CODE = "PARTNERSHIP";

    private final Map<String, Department> byCode = new LinkedHashMap<>();
    private final Map<String, String> fieldNames = new LinkedHashMap<>();

    public DepartmentDirectory(JsonMapper jsonMapper) {
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
    }

    public Optional<Department> find(String code) {
        return Optional.ofNullable(code).map(byCode::get);
    }

    /** The department's name, or its code when the directory does not know it. */
    public String nameOf(String code) {
        return find(code).map(Department::name).orElse(code);
    }

    public Department fallback() {
        return byCode.get(FALLBACK_CODE);
    }

    /** The Korean name of a 분야 (field) code, or null. */
    public String fieldName(String fieldCode) {
        return fieldCode == null ? null : fieldNames.getOrDefault(fieldCode, fieldCode);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DirectoryFile(List<Department> departments, List<Field> fields) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Field(String code, String name) {
    }
}
