package kr.seoul.sane.proposal.department;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.Proposal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Map;

/**
 * A department's own list behind its signed mail link ({@code /department/proposals?department=CODE&token=...}):
 * its open proposals, each linked to the proposal's department page with a link signed for the same department and
 * valid no longer than the list's. A GET only reads.
 */
@Controller
class DepartmentListController {

    private final DepartmentAccess access;
    private final DepartmentOpenProposals proposals;
    private final DepartmentDirectory departments;
    private final LinkTokens tokens;

    DepartmentListController(DepartmentAccess access, DepartmentOpenProposals proposals,
                             DepartmentDirectory departments, LinkTokens tokens) {
        this.access = access;
        this.proposals = proposals;
        this.departments = departments;
        this.tokens = tokens;
    }

    @GetMapping("/department/proposals")
    String list(@RequestParam(required = false) String department, @RequestParam(required = false) String token,
                Model model, HttpServletResponse response) {
        DepartmentPages.noStore(response);
        LinkTokens.Claims claims;
        try {
            claims = access.checkList(department == null ? "" : department, token);
        } catch (DepartmentAccess.Refused e) {
            return DepartmentPages.denied(model, response, e.getMessage());
        }
        DepartmentOpenProposals.Slice slice = proposals.of(claims.departmentCode());
        List<Map<String, Object>> rows = slice.items().stream().map(p -> row(p, claims)).toList();
        model.addAttribute("page", "department");
        model.addAttribute("departmentName", departments.name(claims.departmentCode()));
        model.addAttribute("rows", rows);
        model.addAttribute("total", slice.total());
        model.addAttribute("cut", slice.cut());
        model.addAttribute("cap", DepartmentOpenProposals.CAP);
        model.addAttribute("expires", DepartmentPages.format(claims.expires()));
        DepartmentPages.keepOnLanguageSwitch(model, "department", claims.departmentCode(), "token", token);
        return "department-list";
    }

    private Map<String, Object> row(Proposal p, LinkTokens.Claims claims) {
        String link = "/department/proposals/" + p.getId() + "?token="
                + tokens.sign(p.getId(), claims.departmentCode(), claims.expires(), null);
        return Map.of(
                "trackingCode", p.getTrackingCode() == null ? "" : p.getTrackingCode(),
                "title", p.getTitle() == null ? "" : p.getTitle(),
                "status", p.getStatus().name(),
                "submittedAt", DepartmentPages.format(p.getSubmittedAt()),
                "submittedIso", p.getSubmittedAt() == null ? "" : p.getSubmittedAt().toString(),
                "overdue", p.getOverdueSince() != null,
                "link", link);
    }
}
