package kr.seoul.sane.routing.directory;

import java.util.List;

/**
 * What an administrator sets of a department ({@code PUT /api/ops/routing/departments/{code}}, the page's forms).
 * {@code name}, {@code email} and {@code responsibilities} are required; any other field left out ({@code null})
 * keeps its current value (for a new department: empty), an empty string or list clears it. {@code reason} says why
 * (kept with the version).
 */
public record DepartmentChange(String name, String email, String office, List<String> fields, String responsibilities,
                               String keywords, String notFor, String aliases, String reason) {
}
