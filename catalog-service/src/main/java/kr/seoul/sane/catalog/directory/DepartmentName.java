package kr.seoul.sane.catalog.directory;

/**
 * A department as the catalogue names it: its current name, whether it is retired (its history stays listed) and,
 * when it has one, the successor that took over from it, by its current name.
 */
public record DepartmentName(String code, String name, boolean retired, String successorCode, String successorName) {

    public static DepartmentName active(String code, String name) {
        return new DepartmentName(code, name, false, null, null);
    }
}
