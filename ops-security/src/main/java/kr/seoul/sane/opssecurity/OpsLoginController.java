package kr.seoul.sane.opssecurity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET/POST /ops/login} and {@code POST /ops/logout} (only where {@code platform.ops.login-page=true}): a
 * successful login sets the signed {@code SANE_OPS} cookie and goes back to {@code next}; failed logins are
 * throttled per client address and per account (429 with Retry-After). Passwords are never logged.
 */
@Controller
class OpsLoginController {

    private static final Logger log = LoggerFactory.getLogger(OpsLoginController.class);
    private static final int MAX_USER = 100;
    private static final int MAX_PASSWORD = 200;

    private final AuthenticationManager authentication;
    private final OpsUserDirectory accounts;
    private final OpsTokens tokens;
    private final LoginThrottle throttle;
    private final String view;

    OpsLoginController(AuthenticationManager authentication, OpsUserDirectory accounts, OpsTokens tokens,
                       LoginThrottle throttle, OpsSecurityProperties properties) {
        this.authentication = authentication;
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
        this.view = properties.loginView();
    }

    @GetMapping("/ops/login")
    String page(@RequestParam(required = false) String next, @RequestParam(required = false) String error,
                @RequestParam(required = false) String logout, Model model) {
        return render(model, NextPath.sanitise(next), error != null, logout != null, 0);
    }

    @PostMapping("/ops/login")
    String login(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                 @RequestParam(required = false) String next, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        String target = NextPath.sanitise(next);
        String client = ClientAddress.of(request);
        String user = username.strip();
        long wait = throttle.secondsToWait(client, user);
        if (wait > 0) {
            log.warn("ops login refused: too many failed logins (client {}, account {}), retry in {} s", client,
                    known(user), wait);
            response.setStatus(429);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            return render(model, target, false, false, wait);
        }
        Authentication done;
        try {
            if (user.isEmpty() || user.length() > MAX_USER || password.isEmpty() || password.length() > MAX_PASSWORD) {
                throw new BadCredentialsException("empty or too long");
            }
            done = authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password));
        } catch (AuthenticationException e) {
            throttle.failed(client, user);
            log.warn("ops login failed (client {}, account {})", client, known(user));
            return redirect(request, response, "/ops/login?" + (target.equals(NextPath.DEFAULT) ? ""
                    : "next=" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&") + "error");
        }
        OpsCookie.write(request, response, tokens.mint(done.getName(), OpsTokens.roles(done.getAuthorities())),
                tokens.lifetime());
        log.info("ops login of account {} (client {})", done.getName(), client);
        return redirect(request, response, target);
    }

    @PostMapping("/ops/logout")
    String logout(HttpServletRequest request, HttpServletResponse response) {
        OpsCookie.clear(request, response);
        return redirect(request, response, "/ops/login?logout");
    }

    /** A plain 302 (no URI template expansion of the user-supplied {@code next}). */
    private static String redirect(HttpServletRequest request, HttpServletResponse response, String path) {
        try {
            response.sendRedirect(request.getContextPath() + path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return null;
    }

    private String render(Model model, String next, boolean error, boolean loggedOut, long retryAfter) {
        model.addAttribute("opsPage", "login");
        model.addAttribute("next", next);
        model.addAttribute("loginError", error);
        model.addAttribute("loggedOut", loggedOut);
        model.addAttribute("retryAfterSeconds", retryAfter);
        model.addAttribute("retryAfterMinutes", (retryAfter + 59) / 60);
        return view;
    }

    /** The account name when it is a known account, else a placeholder (whatever was typed stays out). */
    private String known(String user) {
        return !user.isEmpty() && user.length() <= MAX_USER && accounts.exists(user) ? user : "(unknown)";
    }
}
