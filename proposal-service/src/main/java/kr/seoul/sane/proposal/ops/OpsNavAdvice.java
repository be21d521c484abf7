package kr.seoul.sane.proposal.ops;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.security.Principal;

/** What the ops header of every console page needs: the operator's name and the triage backlog (nav "분류 대기"). */
@ControllerAdvice(assignableTypes = {OpsPageController.class, TriagePageController.class})
class OpsNavAdvice {

    private final TriageQueue triage;

    OpsNavAdvice(TriageQueue triage) {
        this.triage = triage;
    }

    @ModelAttribute
    void nav(Model model, Principal principal) {
        model.addAttribute("operator", principal == null ? null : principal.getName());
        model.addAttribute("triageBacklog", principal == null ? 0L : triage.backlog());
    }
}
