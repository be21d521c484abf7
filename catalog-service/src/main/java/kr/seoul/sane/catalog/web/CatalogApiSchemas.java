package kr.seoul.sane.catalog.web;

import io.swagger.v3.oas.annotations.media.Schema;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.drafts.CaseDraft;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.InstitutionKind;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The JSON bodies of the catalogue API as the OpenAPI document shows them (the controllers answer maps).
 */
public final class CatalogApiSchemas {

    private CatalogApiSchemas() {
    }

    @Schema(name = "CasePage", description = "협력사례 검색 결과 한 쪽")
    record CasePage(@Schema(requiredMode = REQUIRED) List<CaseView> items,
                    @Schema(description = "조건에 맞는 전체 건수", requiredMode = REQUIRED, minimum = "0") long total) {
    }

    @Schema(name = "Case", description = "협력사례")
    record CaseView(@Schema(description = "주소 이름 (페이지는 /cases/{id})", example = "case-plastic-upcycling") String id,
                    String title, @Schema(types = {"string", "null"}) String titleEn, String summary,
                    @Schema(description = "함께한 기관") List<String> partners, List<CooperationField> fields, Scope scope,
                    @Schema(example = "2024.3.~2024.12.") String period, String outcome,
                    @Schema(description = "대표 사례") boolean mainCase, boolean published,
                    @Schema(types = {"string", "null"}, format = "uri") String sourceUrl,
                    @Schema(description = "사례 페이지", example = "/cases/case-plastic-upcycling") String url) {
    }

    @Schema(name = "InstitutionPage", description = "협력기관 검색 결과 한 쪽")
    record InstitutionPage(@Schema(requiredMode = REQUIRED) List<InstitutionView> items,
                           @Schema(description = "조건에 맞는 전체 건수", requiredMode = REQUIRED, minimum = "0") long total) {
    }

    @Schema(name = "Institution", description = "협력기관")
    record InstitutionView(String id, String name, @Schema(types = {"string", "null"}) String nameEn, InstitutionKind kind,
                           List<CooperationField> fields,
                           @Schema(description = "누리집 (http 또는 https)", format = "uri", pattern = "^https?://")
                           String homepage,
                           String description, @Schema(description = "협력 분야") List<String> cooperationAreas) {
    }

    @Schema(name = "CatalogStats", description = "카탈로그와 이벤트로 쌓인 제안 통계")
    record CatalogStats(@Schema(description = "협력사례 수", minimum = "0") long cases,
                        @Schema(description = "협력기관 수", minimum = "0") long institutions,
                        @Schema(description = "분야 코드별 접수된 제안 수") Map<String, Long> proposalsByField,
                        @Schema(description = "담당부서 코드별 배정된 제안 수") Map<String, Long> proposalsByDepartment) {
    }

    @Schema(name = "CaseDraftList", description = "협력사례 초안 (완료된 협력에서 만들어짐)")
    public record CaseDraftList(@Schema(requiredMode = REQUIRED) List<CaseDraft> items,
                         @Schema(requiredMode = REQUIRED, minimum = "0") int total) {
    }

    @Schema(name = "CaseWithdrawn", description = "공개를 거둔 협력사례")
    public record CaseWithdrawn(String id, @Schema(description = "항상 false") boolean published) {
    }

    @Schema(name = "CatalogRebuilt", description = "다시 만든 읽기 모델의 건수와 걸린 시간")
    public record CatalogRebuilt(@Schema(minimum = "0") long cases, @Schema(minimum = "0") long institutions,
                          @Schema(description = "다시 읽은 이벤트 수", minimum = "0") long events,
                          @Schema(minimum = "0") long millis) {
    }
}
