package kr.seoul.sane.routing.directory;

/**
 * What an operator may change of a department ({@code PUT /api/ops/routing/departments/{code}}). {@code name},
 * {@code email} and {@code responsibilities} are required; a field left out ({@code null}) keeps its current value,
 * an empty string clears it. The code, office, fields (분야) and target group stay as they are.
 */
public record DepartmentChange(String name, String email, String responsibilities, String keywords, String notFor,
                               String aliases) {
}
