package kr.seoul.sane.proposal.web;

import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.attachment.AttachmentCheck;
import kr.seoul.sane.proposal.intake.IntakeService;
import kr.seoul.sane.proposal.intake.Receipt;
import kr.seoul.sane.proposal.intake.SubmissionValidator;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import kr.seoul.sane.proposal.model.Channel;
import kr.seoul.sane.proposal.model.FieldCatalog;
import kr.seoul.sane.proposal.model.OrganizationType;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
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
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;

import java.time.Clock;
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
    private final StatusChangeService changes;
    private final FieldCatalog fields;
    private final MessageSource messages;
    private final long minFillMillis;
    private final Clock clock;

    PageController(SubmissionValidator validator, IntakeService intake, TrackingService tracking,
                   StatusChangeService changes, FieldCatalog fields, MessageSource messages,
                   @Value("${platform.form.min-fill-seconds:3}") long minFillSeconds, Clock clock) {
        this.clock = clock;
        this.validator = validator;
        this.intake = intake;
        this.tracking = tracking;
        this.changes = changes;
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
        form.setStartedAt(Long.toString(clock.millis()));
        return showForm(model, form, Map.of());
    }

    /** A reload of the receipt or a language switch on it lands back on the form. */
    @GetMapping("/proposals")
    String formAgain() {
        return "redirect:/proposals/new";
    }

    @PostMapping("/proposals")
    String submit(@ModelAttribute("form") ProposalForm form,
                  @RequestParam(name = "attachment", required = false) MultipartFile attachment, Model model,
                  Locale locale, HttpServletResponse response) throws IOException {
        SubmissionValidator.Outcome outcome = validator.validate(form.toSubmission(locale.getLanguage()));
        AttachmentCheck.Outcome file = AttachmentCheck.check(attachment);
        if (!outcome.valid() || file.refused()) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (ApiError e : outcome.errors()) {
                errors.putIfAbsent(e.field(), localised(e, locale));
            }
            if (file.refused()) {
                errors.put("attachment", "en".equals(locale.getLanguage())
                        ? messages.getMessage(file.status() == 413 ? "error.attachment.size" : "error.attachment.type",
                        null, file.message(), locale)
                        : file.message());
            }
            response.setStatus(outcome.valid() ? file.status() : 400);
            return showForm(model, form, errors);
        }
        Receipt receipt = intake.submit(outcome.proposal(), Channel.WEB, signals(form), file.upload());
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
        var proposal = tracking.authenticate(code, email);
        if (proposal.isEmpty()) {
            response.setStatus(404);
            model.addAttribute("notFound", messages.getMessage("track.notFound", null, locale));
            return "track";
        }
        return showResult(model, proposal.get());
    }

    /** The applicant answers an information request; code and e-mail are checked again. */
    @PostMapping("/track/answer")
    String answer(@RequestParam(required = false) String code, @RequestParam(required = false) String email,
                  @RequestParam(required = false) String answer, Model model, Locale locale,
                  HttpServletResponse response) {
        model.addAttribute("page", "track");
        model.addAttribute("code", code == null ? "" : code);
        model.addAttribute("email", email == null ? "" : email);
        var proposal = tracking.authenticate(code, email);
        if (proposal.isEmpty()) {
            response.setStatus(404);
            model.addAttribute("notFound", messages.getMessage("track.notFound", null, locale));
            return "track";
        }
        try {
            changes.change(new StatusChangeService.Command(proposal.get().getId(), Action.ANSWER, Actor.APPLICANT,
                    answer, null, null));
            model.addAttribute("answered", true);
        } catch (IllegalTransitionException e) {
            response.setStatus(409);
            model.addAttribute("answerProblem", e.getMessage());
        } catch (InvalidActionException e) {
            response.setStatus(400);
            model.addAttribute("answerError", localisedAnswerError(e, locale));
            model.addAttribute("answerValue", answer == null ? "" : answer);
        }
        return showResult(model, tracking.authenticate(code, email).orElse(proposal.get()));
    }

    private String showResult(Model model, Proposal p) {
        TrackingView v = TrackingService.view(p);
        model.addAttribute("result", v);
        model.addAttribute("submittedAt", format(v.submittedAt()));
        List<Map<String, String>> timeline = new ArrayList<>();
        String question = null;
        for (TimelineEntry t : v.timeline()) {
            timeline.add(Map.of(
                    "status", t.kind(),
                    "label", t.labelKey(),
                    "at", format(t.at()),
                    "iso", t.at().toString(),
                    "note", t.note() == null ? "" : t.note(),
                    "actor", t.actor() == null ? "" : t.actor()));
            if (t.status() == ProposalStatus.INFO_REQUESTED) {
                question = t.note();
            }
        }
        model.addAttribute("timeline", timeline);
        if (p.getStatus() == ProposalStatus.INFO_REQUESTED) {
            model.addAttribute("question", question == null ? "" : question);
        }
        return "track";
    }

    private String localisedAnswerError(InvalidActionException e, Locale locale) {
        if (!"en".equals(locale.getLanguage())) {
            return e.getMessage();
        }
        return e.getMessage().contains("2000") ? "Please keep the answer within 2,000 characters."
                : "Please write your answer.";
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
        long elapsed = clock.millis() - started;
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
