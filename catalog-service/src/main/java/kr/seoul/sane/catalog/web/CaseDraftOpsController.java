package kr.seoul.sane.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.curation.CatalogCuration;
import kr.seoul.sane.catalog.drafts.CaseDraft;
import kr.seoul.sane.catalog.drafts.CaseDrafts;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.search.CatalogIndex;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/** Ops pages for case drafts (운영자 전용): list, edit and publish. Paths under /ops/catalog so the gateway can route them. */
@Controller
@Tag(name = "카탈로그 운영")
class CaseDraftOpsController {

    private final CaseDrafts drafts;
    private final CatalogCuration curation;
    private final CatalogIndex index;

    CaseDraftOpsController(CaseDrafts drafts, CatalogCuration curation, CatalogIndex index) {
        this.drafts = drafts;
        this.curation = curation;
        this.index = index;
    }

    /**
     * Drops the cases and institutions read models and replays the catalogue topics from their beginning, then
     * rebuilds the search index; answers the counts.
     */
    @Operation(summary = "읽기 모델 다시 만들기", description = "협력사례·협력기관 읽기 모델을 지우고 카탈로그 토픽을 처음부터 다시 읽어 검색 색인까지 다시 만듭니다.",
            responses = {@ApiResponse(responseCode = "200", description = "다시 만듦",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.CatalogRebuilt.class)))})
    @PostMapping("/api/ops/catalog/rebuild")
    @ResponseBody
    Map<String, Object> rebuild() {
        CatalogCuration.RebuildResult result = curation.rebuild();
        return Map.of("cases", result.cases(), "institutions", result.institutions(), "events", result.events(),
                "millis", result.millis());
    }

    /** The same rebuild from the ops page (form with CSRF token). */
    @PostMapping("/ops/catalog/rebuild")
    String rebuildFromPage() {
        CatalogCuration.RebuildResult result = curation.rebuild();
        return "redirect:/ops/catalog/drafts?rebuilt=" + result.events();
    }

    /** Takes a published case off the public catalogue through {@code catalog.case-withdrawn}. */
    @Operation(summary = "협력사례 공개 거두기", description = "catalog.case-withdrawn을 내어 공개된 사례를 카탈로그에서 내립니다. 400: 사유가 "
            + "500자를 넘음 (field: reason). 404: 공개된 사례 중에 없음 (field: id).",
            responses = {@ApiResponse(responseCode = "200", description = "공개를 거둠",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.CaseWithdrawn.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND)})
    @PostMapping("/api/ops/catalog/cases/{id}/withdraw")
    @ResponseBody
    ResponseEntity<Object> withdraw(@Parameter(description = "사례의 주소 이름") @PathVariable String id,
                                    @Parameter(description = "거두는 사유", schema = @Schema(maxLength = 500))
                                    @RequestParam(required = false) String reason) {
        CooperationCase c = index.findCase(id);
        if (c == null || !c.published()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors",
                    List.of(Map.of("field", "id", "message", "공개된 협력사례 중에 해당 주소 이름이 없습니다."))));
        }
        if (reason != null && reason.length() > 500) {
            return ResponseEntity.badRequest().body(Map.of("errors",
                    List.of(Map.of("field", "reason", "message", "사유는 500자 이내로 입력해 주세요."))));
        }
        curation.withdrawCase(id, reason);
        return ResponseEntity.ok(Map.of("id", id, "published", false));
    }

    @Operation(summary = "협력사례 초안 목록", description = "완료된 협력에서 만들어진 초안과 공개된 초안.",
            responses = {@ApiResponse(responseCode = "200", description = "초안 목록",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.CaseDraftList.class)))})
    @GetMapping("/api/ops/catalog/drafts")
    @ResponseBody
    Map<String, Object> draftsApi() {
        List<CaseDraft> all = drafts.all();
        return Map.of("items", all, "total", all.size());
    }

    @GetMapping("/ops/catalog/drafts")
    String list(Model model, @RequestParam(required = false) Integer rebuilt) {
        model.addAttribute("drafts", drafts.all());
        model.addAttribute("rebuilt", rebuilt);
        return "ops/drafts";
    }

    @GetMapping("/ops/catalog/drafts/{id}")
    ModelAndView edit(@PathVariable String id) {
        return drafts.find(id).map(d -> form(new CaseDrafts.Publication(
                        d.caseId() != null ? d.caseId() : "case-" + suffix(d.id()), d.title(), d.summary(),
                        d.partners(), d.fields(), Scope.SEOUL.name(), d.period(), d.outcome(), false),
                        d, List.of(), HttpStatus.OK))
                .orElseGet(NotFoundPage::view);
    }

    @PostMapping("/ops/catalog/drafts/{id}/publish")
    ModelAndView publish(@PathVariable String id,
                         @RequestParam(defaultValue = "") String slug,
                         @RequestParam(defaultValue = "") String title,
                         @RequestParam(defaultValue = "") String summary,
                         @RequestParam(defaultValue = "") String partners,
                         @RequestParam(required = false) List<String> fields,
                         @RequestParam(defaultValue = "") String scope,
                         @RequestParam(defaultValue = "") String period,
                         @RequestParam(defaultValue = "") String outcome,
                         @RequestParam(defaultValue = "false") boolean mainCase) {
        var draft = drafts.find(id);
        if (draft.isEmpty()) {
            return NotFoundPage.view();
        }
        CaseDrafts.Publication p = new CaseDrafts.Publication(slug.strip(), title, summary,
                Arrays.stream(partners.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                fields == null ? List.of() : fields, scope, period, outcome, mainCase);
        List<String[]> problems = drafts.problems(id, p);
        if (!problems.isEmpty()) {
            return form(p, draft.get(), problems, HttpStatus.BAD_REQUEST);
        }
        CooperationCase published = drafts.publish(id, p);
        return new ModelAndView("redirect:" + published.url());
    }

    private ModelAndView form(CaseDrafts.Publication p, CaseDraft draft, List<String[]> problems, HttpStatus status) {
        ModelAndView mv = new ModelAndView("ops/draft");
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(e -> errors.putIfAbsent(e[0], e[1]));
        mv.addObject("draft", draft);
        mv.addObject("p", p);
        mv.addObject("partnersText", String.join(", ", p.partners()));
        mv.addObject("errors", errors);
        mv.addObject("allFields", CooperationField.values());
        mv.addObject("scopes", Scope.values());
        mv.setStatus(status);
        return mv;
    }

    private static String suffix(String id) {
        String clean = id.toLowerCase().replaceAll("[^a-z0-9]", "");
        return clean.length() > 8 ? clean.substring(clean.length() - 8) : clean;
    }

}
