package kr.seoul.sane.catalog.directory;

import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * catalog-service's copy of the department directory, which routing-service owns: the newest
 * {@code department.directory-changed} version of every code ({@link #apply}; the highest version wins, so a
 * repeated or replayed event changes nothing). Held in memory and rebuilt from the topic, which is kept forever, at
 * every start ({@link DirectoryFollower}). A code without a version here (before the topic has been read, or one the
 * directory never named) is named as the proposal events name it.
 */
@Component
public class DepartmentDirectory {

    /** One version of a department as routing-service published it. */
    public record Version(String code, String name, int version, boolean retired, String successorCode) {
    }

    /** Every code's newest version, swapped as a whole so that a reader sees one state of the directory. */
    private volatile Map<String, Version> versions = Map.of();

    /**
     * Takes over a version published by routing-service; false (nothing changed) when this or a newer version of the
     * code is known already.
     */
    public synchronized boolean apply(Version v) {
        Version known = versions.get(v.code());
        if (known != null && known.version() >= v.version()) {
            return false;
        }
        Map<String, Version> next = new HashMap<>(versions);
        next.put(v.code(), v);
        versions = Map.copyOf(next);
        return true;
    }

    /** The newest version of every code known, for comparing two copies. */
    public Map<String, Version> versions() {
        return versions;
    }

    /**
     * How a department is named now: the directory's name, or {@code carried} (the name its proposal events carry,
     * or null) for a code the directory has not named; a retired department is marked, with its successor's code and
     * name when it has one (the successor named the same way).
     */
    public DepartmentName name(String code, Function<String, String> carried) {
        Map<String, Version> known = versions;
        Version v = known.get(code);
        if (v == null || !v.retired()) {
            return DepartmentName.active(code, current(known, code, carried));
        }
        String successor = v.successorCode() == null || v.successorCode().equals(code) ? null : v.successorCode();
        return new DepartmentName(code, v.name(), true, successor,
                successor == null ? null : current(known, successor, carried));
    }

    /** The department's current name: the directory's, else {@code carried} (as its events name it; may be null). */
    public String currentName(String code, String carried) {
        Version v = code == null ? null : versions.get(code);
        return v == null ? carried : v.name();
    }

    private static String current(Map<String, Version> known, String code, Function<String, String> carried) {
        Version v = known.get(code);
        if (v != null) {
            return v.name();
        }
        String name = carried.apply(code);
        return name == null ? code : name;
    }
}
