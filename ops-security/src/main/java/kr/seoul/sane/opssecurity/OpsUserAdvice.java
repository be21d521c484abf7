package kr.seoul.sane.opssecurity;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.security.Principal;

/**
 * What the shared ops header ({@code templates/ops-shared/nav.html}) needs on every ops page: {@code opsUser},
 * the name of the logged-in operator (null on the login page), which shows the navigation and the logout button,
 * and {@code opsAdmin}, whether the operator has the role ADMIN (the link to the account page).
 */
@ControllerAdvice
class OpsUserAdvice {

    @ModelAttribute
    void opsUser(HttpServletRequest request, org.springframework.ui.Model model) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/ops") || path.startsWith("/ops/")) {
            Principal principal = request.getUserPrincipal();
            model.addAttribute("opsUser", principal == null || path.equals("/ops/login") ? null : principal.getName());
            model.addAttribute("opsAdmin", principal instanceof Authentication auth && auth.getAuthorities().stream()
                    .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
        }
    }
}
