package kr.seoul.sane.notification.ops;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.security.Principal;
import java.util.Locale;

/** What the ops header of every console page needs: the operator's name and the page language. */
@ControllerAdvice(assignableTypes = {OpsDeliveryPageController.class, OpsDeadLetterPageController.class})
class OpsPageAdvice {

    @ModelAttribute("operator")
    String operator(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @ModelAttribute("htmlLang")
    String htmlLang(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "ko";
    }
}
