package kr.seoul.sane.proposal.erasure;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.tracking.TrackingService;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The erasure pages reached from 진행상황 조회: {@code POST /track/erasure} mails a confirmation code and asks for it,
 * {@code POST /track/erasure/confirm} erases. No session: tracking code and e-mail travel in hidden fields and are
 * checked again on every POST (CSRF token like every form).
 */
@Controller
class ErasurePageController {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm");
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private final TrackingService tracking;
    private final ErasureService erasure;
    private final MessageSource messages;

    ErasurePageController(TrackingService tracking, ErasureService erasure, MessageSource messages) {
        this.tracking = tracking;
        this.erasure = erasure;
        this.messages = messages;
    }

    @PostMapping("/track/erasure")
    String request(@RequestParam(required = false) String code, @RequestParam(required = false) String email,
                   Model model, Locale locale, HttpServletResponse response) {
        Optional<Proposal> proposal = start(code, email, model);
        if (proposal.isEmpty()) {
            return notFound(model, locale, response);
        }
        try {
            ErasureService.Requested r = erasure.request(proposal.get());
            model.addAttribute("sent", messages.getMessage("erasure.sent",
                    new Object[] {UNTIL.format(r.expiresAt().atZone(SEOUL)) + " (KST)"}, locale));
        } catch (ErasureRefusal e) {
            refused(e, model, locale, response);
        }
        return "erasure";
    }

    @PostMapping("/track/erasure/confirm")
    String confirm(@RequestParam(required = false) String code, @RequestParam(required = false) String email,
                   @RequestParam(required = false) String confirmation, Model model, Locale locale,
                   HttpServletResponse response) {
        Optional<Proposal> proposal = start(code, email, model);
        if (proposal.isEmpty()) {
            return notFound(model, locale, response);
        }
        try {
            ErasureService.Erased done = erasure.confirm(proposal.get(), confirmation);
            model.addAttribute("done", done);
            model.addAttribute("email", "");
        } catch (ErasureRefusal e) {
            refused(e, model, locale, response);
        }
        return "erasure";
    }

    private Optional<Proposal> start(String code, String email, Model model) {
        model.addAttribute("page", "track");
        model.addAttribute("code", code == null ? "" : code);
        model.addAttribute("email", email == null ? "" : email);
        Optional<Proposal> proposal = tracking.authenticate(code, email);
        proposal.ifPresent(p -> model.addAttribute("trackingCode", p.getTrackingCode()));
        return proposal;
    }

    private String notFound(Model model, Locale locale, HttpServletResponse response) {
        response.setStatus(404);
        model.addAttribute("notFound", messages.getMessage("track.notFound", null, locale));
        return "track";
    }

    private void refused(ErasureRefusal e, Model model, Locale locale, HttpServletResponse response) {
        response.setStatus(e.status());
        if (e.status() == 429) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.number() * 60));
        }
        model.addAttribute("error", messages.getMessage("erasure.error." + e.key(), new Object[] {e.number()},
                e.getMessage(), locale));
        // a wrong or malformed code: the field is marked; otherwise (expired, void, none, too many) a new code helps
        model.addAttribute("codeError", e.status() == 400);
        model.addAttribute("gone", "gone".equals(e.key()));
    }
}
