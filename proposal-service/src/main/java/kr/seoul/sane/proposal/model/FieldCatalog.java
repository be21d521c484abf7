package kr.seoul.sane.proposal.model;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The twelve 분야 (fields) of the department directory, in display order. */
@Component
public class FieldCatalog {

    public record Field(String code, String name) {
    }

    private final Map<String, Field> byCode;

    public FieldCatalog() {
        Map<String, Field> fields = new LinkedHashMap<>();
        try (InputStream in = new ClassPathResource("fields.json").getInputStream()) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            for (JsonNode f : root.path("fields")) {
                fields.put(f.path("code").asString(), new Field(f.path("code").asString(), f.path("name").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.byCode = Collections.unmodifiableMap(fields);
    }

    public boolean contains(String code) {
        return code != null && byCode.containsKey(code);
    }

    public List<Field> all() {
        return new ArrayList<>(byCode.values());
    }

    public String name(String code) {
        Field f = code == null ? null : byCode.get(code);
        return f == null ? null : f.name();
    }
}
