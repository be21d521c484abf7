package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.curation.CatalogCuration;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.InstitutionKind;
import kr.seoul.sane.catalog.institutions.InstitutionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ops pages for 협력기관 (운영자 전용): list, edit, add, hide. Every change is sent as
 * {@code catalog.institution-upserted} (origin OPERATOR) and confirmed by Kafka before the read model and the
 * search index change, so a rebuild from the topics gives the same catalogue.
 */
@Controller
class InstitutionOpsController {

    private static final Logger log = LoggerFactory.getLogger(InstitutionOpsController.class);
    private final InstitutionRepository institutions;
    private final CatalogCuration curation;

    InstitutionOpsController(InstitutionRepository institutions, CatalogCuration curation) {
        this.institutions = institutions;
        this.curation = curation;
    }

    @GetMapping("/ops/catalog/institutions")
    ModelAndView list(@RequestParam(required = false) String saved) {
        ModelAndView mv = new ModelAndView("ops/institutions");
        mv.addObject("institutions", institutions.findAll(Sort.by("id")));
        mv.addObject("saved", saved == null ? null : institutions.findById(saved).orElse(null));
        mv.addObject("fieldNames", Arrays.stream(CooperationField.values())
                .collect(Collectors.toMap(CooperationField::code, CooperationField::koreanName)));
        return mv;
    }

    @GetMapping("/ops/catalog/institutions/new")
    ModelAndView newForm() {
        return form(InstitutionForm.empty(), true, Map.of(), HttpStatus.OK);
    }

    @PostMapping("/ops/catalog/institutions")
    ModelAndView create(@RequestParam MultiValueMap<String, String> params) {
        return save(InstitutionForm.from(params.getFirst("id"), params), true);
    }

    @GetMapping("/ops/catalog/institutions/{id}")
    ModelAndView edit(@PathVariable String id) {
        return institutions.findById(id)
                .map(i -> form(InstitutionForm.of(i), false, Map.of(), HttpStatus.OK))
                .orElseGet(NotFoundPage::view);
    }

    /** Saves an existing institution; its id is the path's, whatever the form says. */
    @PostMapping("/ops/catalog/institutions/{id}")
    ModelAndView update(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        if (!institutions.existsById(id)) {
            return NotFoundPage.view();
        }
        return save(InstitutionForm.from(id, params), false);
    }

    private ModelAndView save(InstitutionForm form, boolean isNew) {
        Map<String, String> errors = form.problems(isNew, institutions::existsById);
        if (!errors.isEmpty()) {
            return form(form, isNew, errors, HttpStatus.BAD_REQUEST);
        }
        curation.upsertInstitution(form.toInstitution());
        log.info("institution {} {} by an operator (hidden: {})", form.id(), isNew ? "added" : "changed", form.hidden());
        return new ModelAndView("redirect:" + UriComponentsBuilder.fromPath("/ops/catalog/institutions")
                .queryParam("saved", form.id()).build().encode().toUriString());
    }

    private static ModelAndView form(InstitutionForm form, boolean isNew, Map<String, String> errors,
                                     HttpStatus status) {
        ModelAndView mv = new ModelAndView("ops/institution");
        mv.addObject("f", form);
        mv.addObject("isNew", isNew);
        mv.addObject("errors", errors);
        mv.addObject("allFields", CooperationField.values());
        mv.addObject("kinds", InstitutionKind.values());
        mv.setStatus(status);
        return mv;
    }
}
