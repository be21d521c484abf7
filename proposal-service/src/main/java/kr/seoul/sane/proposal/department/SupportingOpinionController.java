package kr.seoul.sane.proposal.department;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.lifecycle.OpinionRules;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.FieldCatalog;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.SupportingDepartment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Map;

/**
 * A supporting department's (협조부서) page behind its signed mail link: the proposal's summary (no contact details)
 * and a form for its opinion. It cannot act on the proposal: the responsible department decides and sees the opinion
 * on its own page. A GET only shows; the opinion is a POST carrying the token and the CSRF token.
 */
@Controller
class SupportingOpinionController {

    private final DepartmentAccess access;
    private final SupportingOpinions opinions;
    private final StatusChangeService proposals;
    private final FieldCatalog fields;

    SupportingOpinionController(DepartmentAccess access, SupportingOpinions opinions, StatusChangeService proposals,
                                FieldCatalog fields) {
        this.access = access;
        this.opinions = opinions;
        this.proposals = proposals;
        this.fields = fields;
    }

    @GetMapping("/department/proposals/{id}/opinion")
    String show(@PathVariable String id, @RequestParam(required = false) String token, Model model,
                HttpServletResponse response) {
        DepartmentPages.noStore(response);
        return page(id, token, model, response);
    }

    @PostMapping("/department/proposals/{id}/opinion")
    String give(@PathVariable String id, @RequestParam(required = false) String token,
                @RequestParam(required = false) String opinion, Model model, HttpServletResponse response) {
        DepartmentPages.noStore(response);
        LinkTokens.Claims claims;
        try {
            claims = access.checkOpinion(id, token);
        } catch (DepartmentAccess.Refused e) {
            return DepartmentPages.denied(model, response, e.getMessage());
        }
        SupportingOpinions.Outcome outcome = opinions.give(id, claims.departmentCode(), opinion);
        switch (outcome) {
            case SupportingOpinions.Recorded r -> model.addAttribute("done", true);
            case SupportingOpinions.Invalid invalid -> {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                model.addAttribute("errors", Map.of(invalid.problem().field(), invalid.problem().message()));
                model.addAttribute("opinionValue", opinion == null ? "" : opinion);
            }
            case SupportingOpinions.Refused refused when !refused.conflict() -> {
                return DepartmentPages.denied(model, response, refused.message());
            }
            case SupportingOpinions.Refused refused -> {
                response.setStatus(HttpStatus.CONFLICT.value());
                model.addAttribute("problem", refused.message());
            }
        }
        return page(id, token, model, response);
    }

    private String page(String id, String token, Model model, HttpServletResponse response) {
        LinkTokens.Claims claims;
        try {
            claims = access.checkOpinion(id, token);
        } catch (DepartmentAccess.Refused e) {
            return DepartmentPages.denied(model, response, e.getMessage());
        }
        Proposal p = proposals.find(id).orElse(null);
        SupportingDepartment department = p == null ? null
                : SupportingOpinions.of(p, claims.departmentCode()).orElse(null);
        if (department == null) {
            return DepartmentPages.denied(model, response, SupportingOpinions.NOT_SUPPORTING);
        }
        DepartmentPages.keepOnLanguageSwitch(model, "token", token);
        model.addAttribute("page", "department");
        model.addAttribute("p", p);
        model.addAttribute("token", token);
        model.addAttribute("department", department);
        model.addAttribute("fieldName", fields.name(p.getField()));
        model.addAttribute("submittedAt", DepartmentPages.format(p.getSubmittedAt()));
        model.addAttribute("expires", DepartmentPages.format(claims.expires()));
        model.addAttribute("given", SupportingOpinions.given(p, department.code()).orElse(null));
        model.addAttribute("givenAt", SupportingOpinions.given(p, department.code())
                .map(o -> DepartmentPages.format(o.at())).orElse(""));
        model.addAttribute("open", OpinionRules.OPEN.contains(p.getStatus()));
        model.addAttribute("maxOpinion", OpinionRules.MAX_OPINION);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "supporting-opinion";
    }
}
