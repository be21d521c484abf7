package kr.seoul.sane.proposal.department;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
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
 * Codes and names of the departments: first a copy of the codes and names of {@code shared/data/departments.json},
 * then every {@code department.directory-changed} of routing-service, which owns the directory
 * ({@link #apply}, by {@link DirectoryFollower}; the highest version per code wins). The active departments are the
 * choices of a transfer; a retired one keeps its name (older proposals name it) and points to its successor.
 */
@Component
public class DepartmentDirectory {

    public record Department(String code, String name) {
    }

    /** One version of a department as routing-service published it. */
    public record Version(String code, String name, int version, boolean retired, String successorCode) {
    }

    /**
     * The departments (every one ever known) in directory order (departments.json, then the added ones as they
     * arrived), the retired ones' successors and the versions, swapped as one.
     */
    private record Snapshot(Map<String, Department> byCode, List<String> order, Map<String, String> successors,
                            Map<String, Integer> versions) {
    }

    private volatile Snapshot snapshot;

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
        this.snapshot = new Snapshot(Map.copyOf(departments), List.copyOf(departments.keySet()), Map.of(), Map.of());
    }

    /** Whether the code is an active department (a retired one is not a target any more). */
    public boolean contains(String code) {
        Snapshot s = snapshot;
        return code != null && s.byCode().containsKey(code) && !s.successors().containsKey(code);
    }

    public String name(String code) {
        Department d = code == null ? null : snapshot.byCode().get(code);
        return d == null ? code : d.name();
    }

    /** The active departments, in directory order. */
    public List<Department> all() {
        Snapshot s = snapshot;
        return s.order().stream().filter(c -> !s.successors().containsKey(c)).map(s.byCode()::get).toList();
    }

    /** The department that took over a retired one. */
    public Optional<String> successorOf(String code) {
        return Optional.ofNullable(code).map(snapshot.successors()::get);
    }

    /**
     * Takes over a version published by routing-service; false (nothing changed) when this or a newer version of the
     * code is known already.
     */
    public synchronized boolean apply(Version v) {
        Snapshot current = snapshot;
        Integer known = current.versions().get(v.code());
        if (known != null && known >= v.version()) {
            return false;
        }
        Map<String, Department> byCode = new HashMap<>(current.byCode());
        List<String> order = current.order();
        if (!byCode.containsKey(v.code())) {
            order = java.util.stream.Stream.concat(order.stream(), java.util.stream.Stream.of(v.code())).toList();
        }
        byCode.put(v.code(), new Department(v.code(), v.name()));
        Map<String, String> successors = new HashMap<>(current.successors());
        if (v.retired() && v.successorCode() != null && !v.successorCode().equals(v.code())) {
            successors.put(v.code(), v.successorCode());
        } else {
            successors.remove(v.code());
        }
        Map<String, Integer> versions = new HashMap<>(current.versions());
        versions.put(v.code(), v.version());
        snapshot = new Snapshot(Map.copyOf(byCode), order, Map.copyOf(successors), Map.copyOf(versions));
        return true;
    }
}
