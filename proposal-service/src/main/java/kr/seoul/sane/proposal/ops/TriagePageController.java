package kr.seoul.sane.proposal.ops;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /ops/triage}: the operators' triage console. The queue (oldest first) with routing's reason and top 3
 * candidates; per proposal one form per candidate ("이 부서로 배정"), a select for any other department and the
 * "협력제안 아님" verdict with a reason for the applicant. Both go through {@link StatusChangeService} (actor
 * OPERATOR) like {@code POST /api/ops/proposals/{id}/assign} and {@code …/not-a-proposal}.
 */
@Controller
class TriagePageController {

    private final TriageQueue queue;
    private final StatusChangeService changes;
    private final DepartmentDirectory departments;

    TriagePageController(TriageQueue queue, StatusChangeService changes, DepartmentDirectory departments) {
        this.queue = queue;
        this.changes = changes;
        this.departments = departments;
    }

    @GetMapping("/ops/triage")
    String page(Model model) {
        model.addAttribute("opsPage", "triage");
        model.addAttribute("items", queue.oldest());
        model.addAttribute("departments", departments.all());
        model.addAttribute("shownAtMost", TriageQueue.PAGE);
        return "ops/triage";
    }

    @PostMapping("/ops/triage/{id}/assign")
    String assign(@PathVariable String id, @RequestParam(required = false) String departmentCode,
                  @RequestParam(required = false) String note, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        return apply(new StatusChangeService.Command(id, Action.ASSIGN, Actor.OPERATOR, note, departmentCode, null),
                model, response, redirect, note);
    }

    @PostMapping("/ops/triage/{id}/not-a-proposal")
    String notAProposal(@PathVariable String id, @RequestParam(required = false) String reason, Model model,
                        HttpServletResponse response, RedirectAttributes redirect) {
        return apply(new StatusChangeService.Command(id, Action.NOT_A_PROPOSAL, Actor.OPERATOR, reason, null, null),
                model, response, redirect, reason);
    }

    private String apply(StatusChangeService.Command command, Model model, HttpServletResponse response,
                         RedirectAttributes redirect, String typed) {
        try {
            StatusChangeService.Result r = changes.change(command);
            redirect.addFlashAttribute("done", command.action() == Action.ASSIGN
                    ? r.trackingCode() + " 제안을 " + departments.name(r.departmentCode())
                    + "에 배정했습니다. 라우팅 서비스가 부서에 알리면 '부서 배정' 상태가 됩니다."
                    : r.trackingCode() + " 제안을 협력제안이 아닌 것으로 처리했습니다. 신청인에게 사유가 안내됩니다.");
            return "redirect:/ops/triage";
        } catch (StatusChangeService.NotFoundException e) {
            response.setStatus(404);
            model.addAttribute("problem", "제안을 찾을 수 없습니다.");
        } catch (InvalidActionException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("errorId", command.proposalId());
            model.addAttribute("errorAction", command.action().name());
            model.addAttribute("typedValue", typed == null ? "" : typed);
        } catch (IllegalTransitionException e) {
            response.setStatus(409);
            model.addAttribute("problem", "이미 처리된 제안일 수 있습니다. " + e.getMessage());
        }
        return page(model);
    }
}
