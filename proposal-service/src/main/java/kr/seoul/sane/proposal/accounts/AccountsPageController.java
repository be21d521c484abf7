package kr.seoul.sane.proposal.accounts;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.security.Principal;
import java.util.Map;

/**
 * {@code /ops/accounts} (role ADMIN): the operator accounts with a form to create one and a button to disable or
 * enable each console account; plain forms with CSRF, no script. After a change the page is loaded again
 * ({@code ?created=}, {@code ?disabled=}, {@code ?enabled=}); a refused change renders the page with the Korean
 * message next to the field and the status of the refusal (400, 404, 409).
 */
@Controller
class AccountsPageController {

    private final OperatorAccounts accounts;

    AccountsPageController(OperatorAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/ops/accounts")
    String page(@RequestParam(required = false) String created, @RequestParam(required = false) String disabled,
                @RequestParam(required = false) String enabled, Model model) {
        if (created != null) {
            model.addAttribute("doneKey", "ops.accounts.done.created");
            model.addAttribute("doneName", created);
        } else if (disabled != null) {
            model.addAttribute("doneKey", "ops.accounts.done.disabled");
            model.addAttribute("doneName", disabled);
        } else if (enabled != null) {
            model.addAttribute("doneKey", "ops.accounts.done.enabled");
            model.addAttribute("doneName", enabled);
        }
        return render(model, new NewAccount("", "", "OPERATOR", ""), Map.of());
    }

    @PostMapping("/ops/accounts")
    String create(@RequestParam(defaultValue = "") String username,
                  @RequestParam(defaultValue = "") String displayName,
                  @RequestParam(defaultValue = "OPERATOR") String role,
                  @RequestParam(defaultValue = "") String password,
                  Principal admin, Model model, HttpServletResponse response) {
        NewAccount typed = new NewAccount(username, displayName, role, password);
        try {
            accounts.create(typed, admin.getName());
        } catch (AccountProblem problem) {
            response.setStatus(problem.status());
            NewAccount shown = typed.normalised();
            // the password is never sent back
            return render(model, new NewAccount(shown.username(), shown.displayName(), shown.role(), ""),
                    problem.errors());
        }
        return "redirect:" + done("created", username.strip());
    }

    @PostMapping("/ops/accounts/{username}/{action:disable|enable}")
    String change(@PathVariable String username, @PathVariable String action, Principal admin, Model model,
                  HttpServletResponse response) {
        boolean enabled = action.equals("enable");
        try {
            accounts.setEnabled(username, enabled, admin.getName());
        } catch (AccountProblem problem) {
            response.setStatus(problem.status());
            return render(model, new NewAccount("", "", "OPERATOR", ""), problem.errors());
        }
        return "redirect:" + done(enabled ? "enabled" : "disabled", username);
    }

    private static String done(String what, String username) {
        return UriComponentsBuilder.fromPath("/ops/accounts").queryParam(what, username).encode().build()
                .toUriString();
    }

    private String render(Model model, NewAccount form, Map<String, String> errors) {
        model.addAttribute("opsPage", "accounts");
        model.addAttribute("rows", accounts.list());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("minPassword", NewAccount.MIN_PASSWORD);
        return "ops/accounts";
    }
}
