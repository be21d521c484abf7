package kr.seoul.sane.routing.ops;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The JSON bodies of the routing ops API as the OpenAPI document shows them (the controllers answer maps), with the
 * rules {@link OperatorRoutingController} and the directory's validation apply.
 */
final class RoutingApiSchemas {

    private RoutingApiSchemas() {
    }

    @Schema(name = "TriageQueue", description = "분류 대기(TRIAGE) 중인 제안")
    record TriageQueue(@Schema(requiredMode = REQUIRED) List<TriageItem> items,
                       @Schema(requiredMode = REQUIRED, minimum = "0") int total) {
    }

    @Schema(name = "TriageItem", description = "분류 대기 제안 하나와 분류기의 후보 부서")
    record TriageItem(String proposalId, String trackingCode,
                      @Schema(description = "제안 제목 (개인정보 삭제 뒤에는 null)", types = {"string", "null"}) String title,
                      @Schema(description = "분류 대기 이유 코드", example = "LOW_CONFIDENCE") String reasonCode,
                      @Schema(description = "운영자를 위한 이유 설명") String reason,
                      @Schema(description = "1순위 부서의 보정된 확신도", minimum = "0", maximum = "1") double confidence,
                      @Schema(description = "점수순 후보 부서") List<CandidateView> candidates,
                      Instant decidedAt) {
    }

    @Schema(name = "Candidate", description = "후보 부서와 점수")
    record CandidateView(@Schema(example = "RESOURCE_CIRCULATION") String departmentCode, double score) {
    }

    @Schema(name = "DepartmentAssignment", description = "배정할 담당부서")
    record DepartmentAssignment(@Schema(description = "부서 목록(GET /api/ops/routing/departments)의 code",
            requiredMode = REQUIRED, example = "RESOURCE_CIRCULATION") String departmentCode) {
    }

    @Schema(name = "Assigned", description = "배정 결과")
    record Assigned(String proposalId, String departmentCode,
                    @Schema(description = "배정한 주체 (운영자 배정은 OPERATOR)", example = "OPERATOR") String routedBy) {
    }

    @Schema(name = "NotAProposalVerdict", description = "'협력제안 아님' 판단과 그 이유 (신청인 안내에 쓰임)")
    record NotAProposalVerdict(@Schema(description = "이유 (앞뒤 공백을 뺀 길이)", requiredMode = REQUIRED, minLength = 1,
            maxLength = OperatorRoutingController.MAX_REASON, example = "상품 판매 광고로 협력제안이 아닙니다.") String reason) {
    }

    @Schema(name = "NotAProposalResult", description = "'협력제안 아님'으로 닫힌 결과")
    record NotAProposalResult(String proposalId, @Schema(example = "TRIAGED") String outcome,
                              @Schema(example = "NOT_A_PROPOSAL") String reasonCode, String reason) {
    }

    @Schema(name = "DepartmentList", description = "지금 쓰이는 부서 목록 (각 부서의 최신 버전)")
    record DepartmentList(@Schema(requiredMode = REQUIRED) List<DepartmentView> items,
                          @Schema(requiredMode = REQUIRED, minimum = "0") int total) {
    }

    @Schema(name = "DepartmentHistory", description = "한 부서의 모든 버전, 최신순")
    record DepartmentHistory(String code, @Schema(requiredMode = REQUIRED) List<DepartmentView> items,
                             @Schema(requiredMode = REQUIRED, minimum = "0") int total) {
    }

    @Schema(name = "Department", description = "부서 한 버전")
    record DepartmentView(@Schema(example = "RESOURCE_CIRCULATION") String code, String name, String office,
                          @Schema(format = "email") String email,
                          @Schema(description = "분야 코드") List<String> fields, String responsibilities,
                          @Schema(description = "다른 부서 소관") String notFor, String keywords,
                          @Schema(description = "영문 핵심어") String aliases,
                          @Schema(minimum = "1") int version, Instant effectiveFrom,
                          @Schema(description = "바꾼 운영자 (처음 버전은 departments.json)") String changedBy,
                          @Schema(description = "이 버전이 한 일", allowableValues = {"SEED", "ADDED", "EDITED", "MERGED", "RETIRED"})
                          String change,
                          @Schema(allowableValues = {"ACTIVE", "RETIRED"}) String status,
                          @Schema(description = "폐지된 부서의 제안을 넘겨받는 부서", types = {"string", "null"}) String successorCode,
                          @Schema(description = "변경 사유", types = {"string", "null"}) String reason) {
    }

    @Schema(name = "DepartmentEdit", description = "부서 정보 수정: 빼 둔 선택 항목(null)은 지금 값을 그대로 두고, 빈 문자열은 "
            + "지웁니다. 코드, 사무실, 분야는 바꾸지 않습니다. 길이는 앞뒤 공백을 뺀 값으로 셉니다.")
    record DepartmentEdit(
            @Schema(description = "부서 이름 (다른 부서와 겹치지 않게)", requiredMode = REQUIRED, minLength = 2, maxLength = 50,
                    example = "자원순환과") String name,
            @Schema(description = "부서 메일 주소", requiredMode = REQUIRED, maxLength = 100, format = "email",
                    pattern = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", example = "resource-circulation@dept.seoul.example")
            String email,
            @Schema(description = "담당 업무", requiredMode = REQUIRED, minLength = 10, maxLength = 2000) String responsibilities,
            @Schema(description = "핵심어 (쉼표나 공백으로 구분)", maxLength = 2000) String keywords,
            @Schema(description = "다른 부서 소관인 일", maxLength = 1000) String notFor,
            @Schema(description = "영문 핵심어 (쉼표나 공백으로 구분)", maxLength = 2000) String aliases,
            @Schema(description = "소속 실·국", maxLength = 100, example = "기후환경본부") String office,
            @Schema(description = "분야 코드 (신청서의 분야 중에서)", example = "[\"ENVIRONMENT_PARKS\"]") List<String> fields,
            @Schema(description = "변경 사유 (버전에 남음)", maxLength = 500, example = "2027년 조직 개편") String reason) {
    }

    @Schema(name = "DepartmentNew", description = "새 부서: 코드와 부서 정보 (DepartmentEdit와 같은 규칙)")
    record DepartmentNew(
            @Schema(description = "새 부서 코드 (영문 대문자로 시작, 대문자·숫자·밑줄 2~40자, 쓰인 적 없는 코드)", requiredMode = REQUIRED,
                    pattern = "^[A-Z][A-Z0-9_]{1,39}$", example = "URBAN_FARMING") String code,
            @Schema(requiredMode = REQUIRED, minLength = 2, maxLength = 50, example = "도시농업과") String name,
            @Schema(requiredMode = REQUIRED, maxLength = 100, format = "email",
                    pattern = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", example = "urban-farming@dept.seoul.example") String email,
            @Schema(maxLength = 100) String office,
            @Schema(description = "분야 코드") List<String> fields,
            @Schema(requiredMode = REQUIRED, minLength = 10, maxLength = 2000) String responsibilities,
            @Schema(maxLength = 2000) String keywords,
            @Schema(maxLength = 1000) String notFor,
            @Schema(maxLength = 2000) String aliases,
            @Schema(maxLength = 500) String reason) {
    }

    @Schema(name = "DepartmentMerge", description = "부서 통합: 넘겨받을 부서와 사유")
    record DepartmentMerge(
            @Schema(description = "넘겨받을(남는) 부서 코드", requiredMode = REQUIRED, example = "CLIMATE_ENV") String into,
            @Schema(description = "통합 사유", requiredMode = REQUIRED, minLength = 1, maxLength = 500,
                    example = "2027년 조직 개편") String reason) {
    }
}
