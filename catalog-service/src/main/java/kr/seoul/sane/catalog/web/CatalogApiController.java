package kr.seoul.sane.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.proposals.ProposalStatistics;
import kr.seoul.sane.catalog.search.CaseQuery;
import kr.seoul.sane.catalog.search.CatalogIndex;
import kr.seoul.sane.catalog.search.SearchPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/** Public catalogue API: 협력사례 and 협력기관 with Korean search, field filter and paging. */
@RestController
@RequestMapping("/api")
@Tag(name = "협력사례·협력기관")
class CatalogApiController {

    private final CatalogIndex index;
    private final ProposalStatistics statistics;

    CatalogApiController(CatalogIndex index, ProposalStatistics statistics) {
        this.index = index;
        this.statistics = statistics;
    }

    @Operation(summary = "협력사례 검색", description = "검색어(한국어 형태소), 분야, 범위, 대표 사례로 거르고 쪽으로 나눕니다. 각 사례의 페이지는 "
            + "/cases/{id}입니다. 400: 목록 인자가 규칙에 맞지 않음.",
            responses = {@ApiResponse(responseCode = "200", description = "협력사례 한 쪽",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.CasePage.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)})
    @GetMapping("/cases")
    Map<String, Object> cases(@RequestParam(required = false) String q,
                              @RequestParam(required = false) String field,
                              @RequestParam(required = false) String scope,
                              @RequestParam(required = false) String main,
                              @RequestParam(required = false) String page,
                              @RequestParam(required = false) String size) {
        ListParameters p = ListParameters.parse(q, field, scope, main, page, size);
        SearchPage<CooperationCase> result = index.searchCases(
                new CaseQuery(p.q(), p.field(), p.scope(), p.mainOnly(), p.page(), p.size()));
        return Map.of("items", result.items().stream().map(CatalogApiController::caseJson).toList(),
                "total", result.total());
    }

    @Operation(summary = "협력사례 하나", description = "공개된 협력사례 하나. 404: 공개된 사례 중에 없음 (field: id).",
            responses = {@ApiResponse(responseCode = "200", description = "협력사례",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.CaseView.class))),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND)})
    @GetMapping("/cases/{id}")
    ResponseEntity<Object> oneCase(@Parameter(description = "사례의 주소 이름") @PathVariable String id) {
        CooperationCase c = index.findCase(id);
        if (c == null || !c.published()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors",
                    List.of(new FieldMessage("id", "해당 협력사례를 찾을 수 없습니다."))));
        }
        return ResponseEntity.ok(caseJson(c));
    }

    @Operation(summary = "협력기관 검색", description = "검색어(한국어 형태소)와 분야로 거르고 쪽으로 나눕니다. 숨긴 기관은 나오지 않습니다. 400: 목록 인자가 규칙에 "
            + "맞지 않음.",
            responses = {@ApiResponse(responseCode = "200", description = "협력기관 한 쪽",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.InstitutionPage.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)})
    @GetMapping("/institutions")
    Map<String, Object> institutions(@RequestParam(required = false) String q,
                                     @RequestParam(required = false) String field,
                                     @RequestParam(required = false) String page,
                                     @RequestParam(required = false) String size) {
        ListParameters p = ListParameters.parse(q, field, null, null, page, size);
        SearchPage<PartnerInstitution> result = index.searchInstitutions(p.q(), p.field(), p.page(), p.size());
        return Map.of("items", result.items().stream().map(CatalogApiController::institutionJson).toList(),
                "total", result.total());
    }

    /** Counts of the event-fed read model (proposals per field and per responsible department). */
    @Operation(summary = "카탈로그 통계", description = "협력사례와 협력기관 수, 이벤트로 쌓인 분야별·담당부서별 제안 수 (개인정보 없음).",
            responses = {@ApiResponse(responseCode = "200", description = "통계",
                    content = @Content(schema = @Schema(implementation = CatalogApiSchemas.CatalogStats.class)))})
    @GetMapping("/catalog/stats")
    Map<String, Object> stats() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cases", index.caseCount());
        body.put("institutions", index.institutionCount());
        body.put("proposalsByField", statistics.perField());
        body.put("proposalsByDepartment", statistics.perDepartment());
        return body;
    }

    static Map<String, Object> caseJson(CooperationCase c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("title", c.title());
        json.put("titleEn", c.titleEn());
        json.put("summary", c.summary());
        json.put("partners", c.partners());
        json.put("fields", c.fields());
        json.put("scope", c.scope());
        json.put("period", c.period());
        json.put("outcome", c.outcome());
        json.put("mainCase", c.mainCase());
        json.put("published", c.published());
        json.put("sourceUrl", c.sourceUrl());
        json.put("url", c.url());
        return json;
    }

    static Map<String, Object> institutionJson(PartnerInstitution i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", i.id());
        json.put("name", i.name());
        json.put("nameEn", i.nameEn());
        json.put("kind", i.kind());
        json.put("fields", i.fields());
        json.put("homepage", i.homepage());
        json.put("description", i.description());
        json.put("cooperationAreas", i.cooperationAreas());
        return json;
    }
}
