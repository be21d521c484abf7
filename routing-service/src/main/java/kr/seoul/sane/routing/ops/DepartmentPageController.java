package kr.seoul.sane.routing.ops;

import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.directory.DepartmentChange;
import kr.seoul.sane.routing.directory.DepartmentDirectoryService;
import kr.seoul.sane.routing.directory.DepartmentDirectoryService.ChangeResult;
import kr.seoul.sane.routing.directory.DepartmentVersion;
import kr.seoul.sane.routing.directory.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /ops/routing/departments}: the department directory for operators, Korean first, without JavaScript. Every
 * operator reads the list and each department's history; an ADMIN also adds, edits, merges and retires departments
 * through plain forms (POST with the CSRF token; the role is checked by ops-security, {@code platform.ops.admin-paths}).
 * A refused form is shown again with its Korean messages (400/404/409), a saved one redirects (303) to the
 * department's page.
 */
@Controller
@RequestMapping("/ops/routing/departments")
class DepartmentPageController {

    private static final String BASE = "/ops/routing/departments";

    private final DepartmentDirectoryService directory;
    private final RoutingClassifier classifier;

    DepartmentPageController(DepartmentDirectoryService directory, RoutingClassifier classifier) {
        this.directory = directory;
        this.classifier = classifier;
    }

    /** A department's form as posted (all strings; the 분야 as the checked boxes). */
    record DepartmentForm(String code, String name, String email, String office, List<String> fields,
                          String responsibilities, String keywords, String notFor, String aliases, String reason) {

        static DepartmentForm empty() {
            return new DepartmentForm("", "", "", "", List.of(), "", "", "", "", "");
        }

        static DepartmentForm of(DepartmentVersion v) {
            return new DepartmentForm(v.code(), v.name(), v.office(), v.email(),
                    v.fields() == null ? List.of() : v.fields(), v.responsibilities(), v.keywords(), v.notFor(),
                    v.aliases(), "");
        }

        DepartmentChange change() {
            return new DepartmentChange(name, email, office == null ? "" : office, fields == null ? List.of() : fields,
                    responsibilities, keywords == null ? "" : keywords, notFor == null ? "" : notFor,
                    aliases == null ? "" : aliases, reason);
        }

        public List<String> checked() {
            return fields == null ? List.of() : fields;
        }
    }

    @ModelAttribute("htmlLang")
    String htmlLang(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "ko";
    }

    @ModelAttribute("admin")
    boolean admin(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    @GetMapping
    ModelAndView list(@RequestParam(required = false) String saved) {
        return listPage(DepartmentForm.empty(), Map.of(), HttpStatus.OK).addObject("saved", saved);
    }

    @PostMapping
    ModelAndView add(@ModelAttribute DepartmentForm form, Authentication operator) {
        ChangeResult result = directory.create(form.code() == null ? null : form.code().strip(), form.change(),
                operator.getName());
        if (result.problem() != DepartmentDirectoryService.Problem.NONE) {
            return listPage(form, errors(result), status(result));
        }
        return saved(result.versions().getFirst().code(), "added");
    }

    @GetMapping("/{code}")
    ModelAndView department(@PathVariable String code, @RequestParam(required = false) String saved) {
        return current(code).map(v -> departmentPage(v, DepartmentForm.of(v), Map.of(), HttpStatus.OK)
                .addObject("saved", saved)).orElseGet(() -> notFound());
    }

    @PostMapping("/{code}")
    ModelAndView edit(@PathVariable String code, @ModelAttribute DepartmentForm form, Authentication operator) {
        Optional<DepartmentVersion> current = current(code);
        if (current.isEmpty()) {
            return notFound();
        }
        ChangeResult result = directory.edit(code, form.change(), operator.getName());
        if (result.problem() != DepartmentDirectoryService.Problem.NONE) {
            return departmentPage(current.get(), form, errors(result), status(result));
        }
        return saved(code, "edited");
    }

    @PostMapping("/{code}/merge")
    ModelAndView merge(@PathVariable String code, @RequestParam(required = false) String into,
                       @RequestParam(required = false) String reason, Authentication operator) {
        return end(code, directory.merge(code, into, reason, operator.getName()), "merged");
    }

    @PostMapping("/{code}/retire")
    ModelAndView retire(@PathVariable String code, @RequestParam(required = false) String successor,
                        @RequestParam(required = false) String reason, Authentication operator) {
        return end(code, directory.retire(code, successor, reason, operator.getName()), "retired");
    }

    private ModelAndView end(String code, ChangeResult result, String what) {
        Optional<DepartmentVersion> current = current(code);
        if (current.isEmpty()) {
            return notFound();
        }
        if (result.problem() != DepartmentDirectoryService.Problem.NONE) {
            return departmentPage(current.get(), DepartmentForm.of(current.get()), errors(result), status(result))
                    .addObject("endProblem", what);
        }
        return saved(code, what);
    }

    private ModelAndView listPage(DepartmentForm form, Map<String, String> errors, HttpStatus status) {
        ModelAndView mv = new ModelAndView("ops/departments", status);
        mv.addObject("departments", directory.current());
        mv.addObject("allFields", classifier.directory().fields());
        mv.addObject("f", form);
        mv.addObject("errors", errors);
        mv.addObject("opsPage", "routing-departments");
        return mv;
    }

    private ModelAndView departmentPage(DepartmentVersion v, DepartmentForm form, Map<String, String> errors,
                                        HttpStatus status) {
        ModelAndView mv = new ModelAndView("ops/department", status);
        mv.addObject("d", v);
        mv.addObject("history", directory.history(v.code()));
        mv.addObject("successors", directory.current().stream()
                .filter(o -> o.active() && !o.code().equals(v.code())).toList());
        mv.addObject("allFields", classifier.directory().fields());
        mv.addObject("f", form);
        mv.addObject("errors", errors);
        mv.addObject("opsPage", "routing-departments");
        return mv;
    }

    private Optional<DepartmentVersion> current(String code) {
        return directory.current().stream().filter(v -> v.code().equals(code)).findFirst();
    }

    private static ModelAndView saved(String code, String what) {
        ModelAndView mv = new ModelAndView("redirect:" + UriComponentsBuilder.fromPath(BASE + "/{code}")
                .queryParam("saved", what).buildAndExpand(code).encode().toUriString());
        mv.setStatus(HttpStatus.SEE_OTHER);
        return mv;
    }

    private static ModelAndView notFound() {
        ModelAndView mv = new ModelAndView("error", HttpStatus.NOT_FOUND);
        mv.addObject("status", 404);
        mv.addObject("back", BASE);
        return mv;
    }

    /** The messages by field (a message without a field under "form"), in the order the rules found them. */
    private static Map<String, String> errors(ChangeResult result) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError e : result.errors()) {
            errors.merge(e.field() == null ? "form" : e.field(), e.message(), (a, b) -> a + " " + b);
        }
        return errors;
    }

    private static HttpStatus status(ChangeResult result) {
        return switch (result.problem()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            default -> HttpStatus.BAD_REQUEST;
        };
    }
}
