package kr.seoul.sane.proposal.web;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.intake.IntakeService;
import kr.seoul.sane.proposal.intake.Receipt;
import kr.seoul.sane.proposal.intake.SubmissionValidator;
import kr.seoul.sane.proposal.model.Channel;
import kr.seoul.sane.proposal.model.FieldCatalog;
import kr.seoul.sane.proposal.model.OrganizationType;
import kr.seoul.sane.proposal.tracking.TrackingService;
import kr.seoul.sane.proposal.tracking.TrackingView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The public pages: home, 협력신청 form and receipt, 진행상황 조회. */
@Controller
class PageController {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final SubmissionValidator validator;
    private final IntakeService intake;
    private final TrackingService tracking;
    private final FieldCatalog fields;
    private final MessageSource messages;
    private final long minFillMillis;

    PageController(SubmissionValidator validator, IntakeService intake, TrackingService tracking,
                   FieldCatalog fields, MessageSource messages,
                   @Value("${platform.form.min-fill-seconds:3}") long minFillSeconds) {
        this.validator = validator;
        this.intake = intake;
        this.tracking = tracking;
        this.fields = fields;
        this.messages = messages;
        this.minFillMillis = minFillSeconds * 1000;
    }

    @ModelAttribute
    void common(Model model) {
        model.addAttribute("fields", fields.all());
        model.addAttribute("organizationTypes", OrganizationType.values());
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("page", "home");
        return "index";
    }

    @GetMapping("/proposals/new")
    String form(Model model) {
        ProposalForm form = new ProposalForm();
        form.setStartedAt(Long.toString(System.currentTimeMillis()));
        return showForm(model, form, Map.of());
    }

    /** A reload of the receipt or a language switch on it lands back on the form. */
    @GetMapping("/proposals")
    String formAgain() {
        return "redirect:/proposals/new";
    }

    @PostMapping("/proposals")
    String submit(@ModelAttribute("form") ProposalForm form, Model model, Locale locale,
                  HttpServletResponse response) {
        SubmissionValidator.Outcome outcome = validator.validate(form.toSubmission(locale.getLanguage()));
        if (!outcome.valid()) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (ApiError e : outcome.errors()) {
                errors.putIfAbsent(e.field(), localised(e, locale));
            }
            response.setStatus(400);
            return showForm(model, form, errors);
        }
        Receipt receipt = intake.submit(outcome.proposal(), Channel.WEB, signals(form));
        model.addAttribute("page", "proposal");
        model.addAttribute("receipt", receipt);
        model.addAttribute("email", outcome.proposal().email());
        return "receipt";
    }

    @GetMapping("/track")
    String trackForm(@RequestParam(required = false) String code, Model model) {
        model.addAttribute("page", "track");
        model.addAttribute("code", code == null ? "" : code);
        model.addAttribute("email", "");
        return "track";
    }

    /** POST keeps the e-mail address out of URLs, logs and browser history. */
    @PostMapping("/track")
    String track(@RequestParam(required = false) String code, @RequestParam(required = false) String email,
                 Model model, Locale locale, HttpServletResponse response) {
        model.addAttribute("page", "track");
        model.addAttribute("code", code == null ? "" : code);
        model.addAttribute("email", email == null ? "" : email);
        if (code == null || code.isBlank() || email == null || email.isBlank()) {
            response.setStatus(400);
            model.addAttribute("notFound", messages.getMessage("track.missing", null, locale));
            return "track";
        }
        var view = tracking.find(code, email);
        if (view.isEmpty()) {
            response.setStatus(404);
            model.addAttribute("notFound", messages.getMessage("track.notFound", null, locale));
            return "track";
        }
        TrackingView v = view.get();
        model.addAttribute("result", v);
        model.addAttribute("submittedAt", format(v.submittedAt()));
        List<Map<String, String>> timeline = new ArrayList<>();
        v.timeline().forEach(t -> timeline.add(Map.of(
                "status", t.status().name(),
                "at", format(t.at()),
                "iso", t.at().toString(),
                "note", t.note() == null ? "" : t.note())));
        model.addAttribute("timeline", timeline);
        return "track";
    }

    private String showForm(Model model, ProposalForm form, Map<String, String> errors) {
        model.addAttribute("page", "proposal");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "proposal-form";
    }

    private List<String> signals(ProposalForm form) {
        List<String> signals = new ArrayList<>();
        if (form.getWebsite() != null && !form.getWebsite().isBlank()) {
            signals.add("HONEYPOT");
        }
        long started;
        try {
            started = Long.parseLong(form.getStartedAt() == null ? "" : form.getStartedAt().strip());
        } catch (NumberFormatException e) {
            started = -1;
        }
        long elapsed = System.currentTimeMillis() - started;
        if (started <= 0 || elapsed < minFillMillis || elapsed > 86_400_000L * 7) {
            signals.add("FILL_TIME");
        }
        return signals;
    }

    /** The validator speaks Korean; English pages get a short English message per field. */
    private String localised(ApiError e, Locale locale) {
        if (!"en".equals(locale.getLanguage())) {
            return e.message();
        }
        return messages.getMessage("error." + e.field(), null, e.message(), locale);
    }

    private static String format(Instant at) {
        return at == null ? "" : WHEN.format(at.atZone(SEOUL));
    }
}
