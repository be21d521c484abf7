package kr.seoul.sane.proposal.department;

import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.SupportingDepartment;
import kr.seoul.sane.proposal.model.SupportingOpinion;

import java.util.ArrayList;
import java.util.List;

/**
 * The supporting departments (협조부서) of a proposal with their opinions, as the responsible department's page and
 * the ops console show them; an opinion of a department routing no longer names is still shown.
 */
public final class SupportingView {

    private SupportingView() {
    }

    /** One supporting department: its name and its opinion ({@code opinion} and {@code at} null while none). */
    public record Row(String name, String opinion, String at) {
    }

    public static List<Row> rows(Proposal p) {
        List<Row> rows = new ArrayList<>();
        List<SupportingOpinion> opinions = p.getSupportingOpinions() == null ? List.of() : p.getSupportingOpinions();
        List<String> shown = new ArrayList<>();
        for (SupportingDepartment d : p.getSupportingDepartments() == null ? List.<SupportingDepartment>of()
                : p.getSupportingDepartments()) {
            SupportingOpinion given = SupportingOpinions.given(p, d.code()).orElse(null);
            rows.add(row(d.name(), given));
            shown.add(d.code());
        }
        for (SupportingOpinion o : opinions) {
            if (!shown.contains(o.departmentCode())) {
                rows.add(row(o.departmentName(), o));
            }
        }
        return rows;
    }

    /** The names alone, as the public tracking page shows them. */
    public static List<String> names(Proposal p) {
        return p.getSupportingDepartments() == null ? List.of()
                : p.getSupportingDepartments().stream().map(SupportingDepartment::name).toList();
    }

    private static Row row(String name, SupportingOpinion opinion) {
        return opinion == null ? new Row(name, null, null)
                : new Row(name, opinion.text(), DepartmentPages.format(opinion.at()));
    }
}
