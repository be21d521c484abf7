package kr.seoul.sane.proposal.ops;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.attachment.AttachmentStore;
import kr.seoul.sane.proposal.department.SupportingView;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import kr.seoul.sane.proposal.lifecycle.Lifecycle;
import kr.seoul.sane.proposal.model.FieldCatalog;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops console of proposal-service (Korean, server-rendered, no JavaScript; the login page is the ops-security
 * module's, with this service's template {@code ops/login}): overview with today's
 * numbers, the proposal list and one proposal with its timeline, department link issuance and operator actions.
 * Actions go through the same {@link StatusChangeService} as {@code POST /api/ops/proposals/{id}/actions}, with
 * actor {@code OPERATOR}.
 */
@Controller
class OpsPageController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int PAGE_SIZE = 20;

    private final OpsConsole console;
    private final OpsProposals proposals;
    private final StatusChangeService changes;
    private final AttachmentStore attachments;
    private final DepartmentDirectory departments;
    private final FieldCatalog fields;
    private final Clock clock;

    OpsPageController(OpsConsole console, OpsProposals proposals, StatusChangeService changes,
                      AttachmentStore attachments, DepartmentDirectory departments, FieldCatalog fields, Clock clock) {
        this.clock = clock;
        this.console = console;
        this.proposals = proposals;
        this.changes = changes;
        this.attachments = attachments;
        this.departments = departments;
        this.fields = fields;
    }

    @ModelAttribute
    void common(Model model) {
        model.addAttribute("statusLabels", statusLabels());
    }

    @GetMapping("/ops")
    String overview(Model model) {
        model.addAttribute("opsPage", "overview");
        model.addAttribute("o", console.overview(clock.instant()));
        return "ops/overview";
    }

    @GetMapping("/ops/proposals")
    String list(@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") String page,
                Model model, HttpServletResponse response) {
        model.addAttribute("opsPage", "proposals");
        ProposalStatus filter = status == null || status.isBlank() ? null : ProposalStatus.parse(status.strip());
        int p;
        try {
            p = Math.max(0, Integer.parseInt(page.strip()));
        } catch (NumberFormatException e) {
            p = 0;
        }
        if (filter == null && status != null && !status.isBlank()) {
            response.setStatus(400);
            model.addAttribute("filterError", "알 수 없는 상태입니다. 목록에서 골라 주세요.");
        }
        OpsProposals.Page found = proposals.page(filter, p, PAGE_SIZE);
        long total = found.total();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Proposal x : found.items()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", x.getId());
            row.put("trackingCode", x.getTrackingCode());
            row.put("title", x.getTitle());
            row.put("organization", x.getOrganization());
            row.put("status", x.getStatus() == null ? "" : x.getStatus().name());
            row.put("department", x.getDepartmentName() != null ? x.getDepartmentName()
                    : x.getDepartmentCode() == null ? "-" : x.getDepartmentCode());
            row.put("submittedAt", format(x.getSubmittedAt()));
            row.put("suspicious", x.isSuspicious());
            rows.add(row);
        }
        long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("rows", rows);
        model.addAttribute("total", total);
        model.addAttribute("status", filter == null ? "" : filter.name());
        model.addAttribute("page", p);
        model.addAttribute("pages", pages);
        model.addAttribute("hasPrevious", p > 0);
        model.addAttribute("hasNext", p + 1 < pages);
        return "ops/proposals";
    }

    @GetMapping("/ops/proposals/{id}")
    String detail(@PathVariable String id, Model model, HttpServletResponse response) {
        return show(id, model, response);
    }

    @PostMapping("/ops/proposals/{id}/actions")
    String act(@PathVariable String id, @RequestParam(required = false) String action,
               @RequestParam(required = false) String note, @RequestParam(required = false) String departmentCode,
               Model model, HttpServletResponse response) {
        Action a = Action.parse(action);
        if (a == null || !Action.OPERATOR_ACTIONS.contains(a)) {
            response.setStatus(400);
            model.addAttribute("problem", "처리 종류를 고르세요.");
            return show(id, model, response);
        }
        try {
            StatusChangeService.Result r = changes.change(new StatusChangeService.Command(id, a, Actor.OPERATOR,
                    note, departmentCode, null));
            model.addAttribute("done", "'" + a.label() + "' 처리했습니다. 지금 상태: " + Lifecycle.label(r.status()) + ".");
        } catch (StatusChangeService.NotFoundException e) {
            response.setStatus(404);
            return notFound(model);
        } catch (InvalidActionException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("errorAction", a.name());
            model.addAttribute("noteValue", note == null ? "" : note);
        } catch (IllegalTransitionException e) {
            response.setStatus(409);
            model.addAttribute("problem", e.getMessage());
        }
        return show(id, model, response);
    }

    /** A fresh link for the department in charge (POST: it creates a credential). */
    @PostMapping("/ops/proposals/{id}/department-link")
    String issueLink(@PathVariable String id, Model model, HttpServletResponse response) {
        Proposal p = find(id);
        if (p == null) {
            response.setStatus(404);
            return notFound(model);
        }
        OpsProposals.DepartmentLink link = proposals.departmentLink(p).orElse(null);
        if (link == null) {
            response.setStatus(409);
            model.addAttribute("problem", "아직 담당부서가 배정되지 않은 제안입니다.");
        } else {
            model.addAttribute("departmentLink",
                    ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + link.path());
            model.addAttribute("departmentLinkExpires", format(link.expires()));
        }
        return show(id, model, response);
    }

    private String show(String id, Model model, HttpServletResponse response) {
        model.addAttribute("opsPage", "proposals");
        Proposal p = find(id);
        if (p == null) {
            response.setStatus(404);
            return notFound(model);
        }
        model.addAttribute("p", p);
        model.addAttribute("fieldName", fields.name(p.getField()));
        model.addAttribute("submittedAt", format(p.getSubmittedAt()));
        model.addAttribute("routedAt", format(p.getRoutedAt()));
        model.addAttribute("actions", Lifecycle.allowed(p.getStatus()).stream()
                .filter(Action.OPERATOR_ACTIONS::contains).toList());
        model.addAttribute("departments", departments.all().stream()
                .filter(d -> !d.code().equals(p.getDepartmentCode())).toList());
        if (p.getAttachment() != null) {
            model.addAttribute("attachmentPath", attachments.downloadPath(p.getAttachment().id(),
                    clock.instant().plus(Duration.ofHours(1))));
        }
        List<Map<String, String>> timeline = new ArrayList<>();
        for (TimelineEntry t : p.getTimeline() == null ? List.<TimelineEntry>of() : p.getTimeline()) {
            timeline.add(Map.of("status", t.kind(),
                    "label", t.event() != null ? t.event().label() : Lifecycle.label(t.status()),
                    "internal", t.opsOnly() ? "true" : "",
                    "at", format(t.at()), "note", t.note() == null ? "" : t.note(),
                    "actor", t.actor() == null ? "" : t.actor()));
        }
        model.addAttribute("timeline", timeline);
        model.addAttribute("supporting", SupportingView.rows(p));
        return "ops/proposal";
    }

    private String notFound(Model model) {
        model.addAttribute("status", 404);
        model.addAttribute("message", "제안을 찾을 수 없습니다.");
        return "error";
    }

    private Proposal find(String id) {
        return id != null && id.matches("^[0-9a-f]{24}$") ? proposals.find(id).orElse(null) : null;
    }

    static Map<String, String> statusLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (ProposalStatus s : ProposalStatus.values()) {
            labels.put(s.name(), Lifecycle.label(s));
        }
        return labels;
    }

    private static String format(Instant at) {
        return at == null ? "" : WHEN.format(at.atZone(OpsConsole.SEOUL));
    }
}
