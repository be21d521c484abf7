package kr.seoul.sane.proposal.ops;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.security.Principal;

/** The triage backlog the shared ops header shows next to "분류 대기" (the operator's name comes from ops-security). */
@ControllerAdvice(assignableTypes = {OpsPageController.class, TriagePageController.class})
class OpsNavAdvice {

    private final TriageQueue triage;

    OpsNavAdvice(TriageQueue triage) {
        this.triage = triage;
    }

    @ModelAttribute
    void nav(Model model, Principal principal) {
        model.addAttribute("triageBacklog", principal == null ? 0L : triage.backlog());
    }
}
