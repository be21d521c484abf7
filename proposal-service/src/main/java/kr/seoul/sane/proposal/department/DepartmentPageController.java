package kr.seoul.sane.proposal.department;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.attachment.AttachmentStore;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import kr.seoul.sane.proposal.lifecycle.Lifecycle;
import kr.seoul.sane.proposal.lifecycle.WrongDepartmentException;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.FieldCatalog;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.TimelineEntry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The department's page behind the signed mail link. A GET only shows the proposal and the forms (mail scanners
 * prefetch links); every action is a POST carrying the token and the CSRF token.
 */
@Controller
class DepartmentPageController {

    private final DepartmentAccess access;
    private final StatusChangeService changes;
    private final DepartmentDirectory departments;
    private final FieldCatalog fields;
    private final AttachmentStore attachments;

    DepartmentPageController(DepartmentAccess access, StatusChangeService changes, DepartmentDirectory departments,
                             FieldCatalog fields, AttachmentStore attachments) {
        this.attachments = attachments;
        this.access = access;
        this.changes = changes;
        this.departments = departments;
        this.fields = fields;
    }

    @GetMapping("/department/proposals/{id}")
    String show(@PathVariable String id, @RequestParam(required = false) String token, Model model,
                HttpServletResponse response) {
        DepartmentPages.noStore(response);
        LinkTokens.Claims claims;
        try {
            claims = access.check(id, token, null);
        } catch (DepartmentAccess.Refused e) {
            return DepartmentPages.denied(model, response, e.getMessage());
        }
        Proposal p = changes.find(id).orElse(null);
        if (p == null) {
            return DepartmentPages.denied(model, response, DepartmentAccess.INVALID);
        }
        if (!claims.departmentCode().equals(p.getDepartmentCode())) {
            return DepartmentPages.denied(model, response, WrongDepartmentException.MESSAGE);
        }
        DepartmentPages.keepOnLanguageSwitch(model, "token", token);
        return page(model, p, claims, token);
    }

    @PostMapping("/department/proposals/{id}/actions")
    String act(@PathVariable String id, @RequestParam(required = false) String token,
               @RequestParam(required = false) String action, @RequestParam(required = false) String note,
               @RequestParam(required = false) String departmentCode, Model model, HttpServletResponse response) {
        DepartmentPages.noStore(response);
        Action a = Action.parse(action);
        LinkTokens.Claims claims;
        try {
            claims = access.check(id, token, a != null && Action.DEPARTMENT_ACTIONS.contains(a) ? a : null);
        } catch (DepartmentAccess.Refused e) {
            return DepartmentPages.denied(model, response, e.getMessage());
        }
        if (a == null || !Action.DEPARTMENT_ACTIONS.contains(a)) {
            response.setStatus(400);
            model.addAttribute("problem", "처리 종류를 알 수 없습니다. 페이지를 새로 고친 뒤 다시 골라 주세요.");
        } else {
            try {
                StatusChangeService.Result r = changes.change(new StatusChangeService.Command(id, a, Actor.DEPARTMENT,
                        note, departmentCode, claims.departmentCode()));
                model.addAttribute("done", r.status().name());
                if (a == Action.TRANSFER) {
                    model.addAttribute("transferredTo", departments.name(r.departmentCode()));
                }
            } catch (WrongDepartmentException | StatusChangeService.NotFoundException e) {
                return DepartmentPages.denied(model, response, e.getMessage());
            } catch (IllegalTransitionException e) {
                response.setStatus(HttpStatus.CONFLICT.value());
                model.addAttribute("problem", e.getMessage());
            } catch (InvalidActionException e) {
                response.setStatus(400);
                Map<String, String> errors = new LinkedHashMap<>();
                e.problems().forEach(pr -> errors.putIfAbsent(pr.field(), pr.message()));
                model.addAttribute("errorAction", a.name());
                model.addAttribute("errors", errors);
                model.addAttribute("noteValue", note == null ? "" : note);
                model.addAttribute("departmentValue", departmentCode == null ? "" : departmentCode);
            }
        }
        Proposal p = changes.find(id).orElse(null);
        if (p == null) {
            return DepartmentPages.denied(model, response, DepartmentAccess.INVALID);
        }
        return page(model, p, claims, token);
    }

    private String page(Model model, Proposal p, LinkTokens.Claims claims, String token) {
        model.addAttribute("page", "department");
        model.addAttribute("p", p);
        model.addAttribute("token", token);
        model.addAttribute("fieldName", fields.name(p.getField()));
        model.addAttribute("submittedAt", DepartmentPages.format(p.getSubmittedAt()));
        model.addAttribute("expires", DepartmentPages.format(claims.expires()));
        if (p.getAttachment() != null) {
            // valid as long as the department's own link
            model.addAttribute("attachmentPath", attachments.downloadPath(p.getAttachment().id(), claims.expires()));
        }
        List<Action> actions = new ArrayList<>();
        for (Action a : Lifecycle.allowed(p.getStatus())) {
            if (claims.allows(a)) {
                actions.add(a);
            }
        }
        model.addAttribute("actions", actions);
        model.addAttribute("departments", departments.all().stream()
                .filter(d -> !d.code().equals(p.getDepartmentCode())).toList());
        List<Map<String, String>> timeline = new ArrayList<>();
        for (TimelineEntry t : p.getTimeline() == null ? List.<TimelineEntry>of() : p.getTimeline()) {
            if (t.opsOnly()) {
                continue;
            }
            timeline.add(Map.of(
                    "status", t.kind(),
                    "label", t.labelKey(),
                    "at", DepartmentPages.format(t.at()),
                    "iso", t.at() == null ? "" : t.at().toString(),
                    "note", t.note() == null ? "" : t.note(),
                    "actor", t.actor() == null ? "" : t.actor()));
        }
        model.addAttribute("timeline", timeline);
        model.addAttribute("supporting", SupportingView.rows(p));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "department";
    }
}
