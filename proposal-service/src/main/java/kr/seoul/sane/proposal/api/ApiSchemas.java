package kr.seoul.sane.proposal.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import kr.seoul.sane.proposal.intake.SubmissionValidator;
import kr.seoul.sane.proposal.lifecycle.Lifecycle;
import kr.seoul.sane.proposal.model.OrganizationType;
import kr.seoul.sane.proposal.model.ProposalStatus;

import java.time.Instant;
import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The shapes of the JSON API's bodies, for the OpenAPI document only: the controllers read and write JSON
 * themselves (strict reading, per-field Korean errors), these records describe what travels, with the limits of
 * {@link SubmissionValidator} and {@link Lifecycle}.
 */
public final class ApiSchemas {

    private ApiSchemas() {
    }

    @Schema(name = "ProposalRequest", description = "협력제안. 문자열은 앞뒤 공백을 잘라 NFC로 정규화한 뒤 검사합니다. 제어문자, "
            + "양방향 제어문자, 보이지 않는 문자는 받지 않고, 한 줄 입력란(제목 포함)은 줄바꿈과 HTML 태그를 받지 않습니다. "
            + "모든 값은 JSON 문자열이어야 하며(consent는 true), `$`로 시작하거나 `.`을 담은 키는 요청 전체를 400으로 거절합니다.")
    public record ProposalRequest(
            @Schema(description = "기관·단체명", requiredMode = REQUIRED, minLength = 1,
                    maxLength = SubmissionValidator.ORGANIZATION_MAX, example = "푸른지구 협동조합")
            String organization,
            @Schema(description = "기관 유형", requiredMode = REQUIRED, implementation = OrganizationType.class,
                    example = "NONPROFIT")
            String organizationType,
            @Schema(description = "담당자 이름 (한 줄)", requiredMode = REQUIRED, minLength = 1,
                    maxLength = SubmissionValidator.CONTACT_NAME_MAX, example = "김서연")
            String contactName,
            @Schema(description = "담당자 이메일 (접수 안내와 진행상황 조회에 씁니다)", requiredMode = REQUIRED, format = "email",
                    maxLength = SubmissionValidator.EMAIL_MAX, pattern = SubmissionValidator.EMAIL_PATTERN,
                    example = "seoyeon@example.org")
            String email,
            @Schema(description = "국내 전화번호 (02, 지역번호, 01x, 070, 050x, 15xx·16xx·18xx 대표번호; 하이픈은 선택)",
                    requiredMode = REQUIRED, maxLength = SubmissionValidator.PHONE_MAX,
                    pattern = SubmissionValidator.PHONE_PATTERN, example = "02-1234-5678")
            String phone,
            @Schema(description = "제목 (한 줄)", requiredMode = REQUIRED, minLength = SubmissionValidator.TITLE_MIN,
                    maxLength = SubmissionValidator.TITLE_MAX, example = "폐플라스틱 병뚜껑 새활용 시민 캠페인")
            String title,
            @Schema(description = "제안내용 (줄바꿈 가능)", requiredMode = REQUIRED, minLength = SubmissionValidator.CONTENT_MIN,
                    maxLength = SubmissionValidator.CONTENT_MAX,
                    example = "동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 생활용품으로 만드는 시민 참여 캠페인을 함께 하고 싶습니다.")
            String content,
            @Schema(description = "분야 코드 (fields.json의 12개 중 하나). 없거나 null이면 '잘 모르겠어요'",
                    nullable = true, example = "ENVIRONMENT_PARKS")
            String field,
            // the enum [true] is set as a boolean by OpenApiConfig: allowableValues would make it the string "true"
            @Schema(description = "개인정보 수집·이용 동의 (반드시 true)", requiredMode = REQUIRED)
            Boolean consent,
            @Schema(description = "안내 메일의 언어", allowableValues = {"ko", "en"}, defaultValue = "ko")
            String language) {
    }

    @Schema(name = "ProposalMultipart", description = "첨부파일과 함께 보내는 협력제안 (multipart/form-data)")
    public record ProposalMultipart(
            @Schema(description = "협력제안 JSON (필드 또는 파일 부분)", requiredMode = REQUIRED)
            ProposalRequest proposal,
            @Schema(description = "첨부파일 하나 (PDF, HWP, HWPX, DOCX; 10MB 이하; 형식은 내용으로 확인)",
                    type = "string", format = "binary")
            String attachment) {
    }

    @Schema(name = "ProposalAccepted", description = "접수 결과")
    public record ProposalAccepted(
            @Schema(description = "제안 id", requiredMode = REQUIRED, example = "6741a3f2c9e77b1d2a5f0c11") String id,
            @Schema(description = "접수번호", requiredMode = REQUIRED, example = "SN-7K2F-9QXD-4MHT") String trackingCode,
            @Schema(description = "상태", requiredMode = REQUIRED, implementation = ProposalStatus.class) String status,
            @Schema(description = "24시간 안에 같은 이메일로 거의 같은 제안이 있었으면 true (처음 제안의 결과를 돌려줍니다)")
            Boolean duplicate) {
    }

    @Schema(name = "TrackingResult", description = "진행상황")
    public record TrackingResult(
            @Schema(requiredMode = REQUIRED, example = "SN-7K2F-9QXD-4MHT") String trackingCode,
            @Schema(requiredMode = REQUIRED) String title,
            @Schema(requiredMode = REQUIRED, implementation = ProposalStatus.class) String status,
            @Schema(description = "담당부서 코드 (배정 전에는 null)", nullable = true) String departmentCode,
            @Schema(description = "담당부서 이름", nullable = true, example = "자원순환과") String departmentName,
            @ArraySchema(schema = @Schema(description = "협조부서 이름 (의견을 요청받은 부서; 결정은 담당부서가 함)",
                    example = "기후환경정책과")) List<String> supportingDepartments,
            @Schema(requiredMode = REQUIRED) Instant submittedAt,
            @ArraySchema(schema = @Schema(implementation = TimelineItem.class)) List<TimelineItem> timeline,
            @Schema(description = "열려 있는 추가정보 요청 (없으면 null)", nullable = true) String question,
            Suggestions suggestions,
            @Schema(description = "개인정보 삭제 요청 안내 (지워지는 것, 남는 것, 요청 방법)") ErasureOffer erasure) {
    }

    @Schema(name = "ErasureOffer", description = "개인정보 삭제 요청 안내")
    public record ErasureOffer(String title, @Schema(description = "지워지는 항목") List<String> deleted,
                               @Schema(description = "통계용으로 남는 항목") List<String> kept, String explanation,
                               @Schema(example = "POST /api/proposals/SN-7K2F-9QXD-4MHT/erasure {email}") String request,
                               @Schema(example = "POST /api/proposals/SN-7K2F-9QXD-4MHT/erasure/confirm {email, code}")
                               String confirm) {
    }

    @Schema(name = "ErasureRequest", description = "개인정보 삭제 확인 코드 요청 (한 시간에 3번까지)")
    public record ErasureRequest(
            @Schema(description = "제안할 때 쓴 이메일 (코드는 이 주소로 갑니다)", requiredMode = REQUIRED, format = "email")
            String email) {
    }

    @Schema(name = "ErasureRequested", description = "확인 코드를 보냈습니다")
    public record ErasureRequested(String trackingCode, @Schema(description = "코드의 유효 시각 (15분)") Instant expiresAt,
                                   String message) {
    }

    @Schema(name = "ErasureConfirmation", description = "메일로 받은 확인 코드로 개인정보 삭제 (5번 틀리면 코드는 무효)")
    public record ErasureConfirmation(
            @Schema(description = "제안할 때 쓴 이메일", requiredMode = REQUIRED, format = "email") String email,
            @Schema(description = "확인 코드 (숫자 6자리)", requiredMode = REQUIRED, pattern = "^[0-9]{6}$",
                    example = "482913") String code) {
    }

    @Schema(name = "ErasureDone", description = "개인정보를 삭제했습니다. 진행 중이던 제안은 신청 철회(WITHDRAWN)됩니다.")
    public record ErasureDone(String trackingCode, Boolean erased,
                              @Schema(implementation = ProposalStatus.class) String previousStatus,
                              @Schema(implementation = ProposalStatus.class) String status,
                              @Schema(description = "이번 삭제로 신청이 철회되었으면 true") Boolean withdrawn,
                              String message) {
    }

    @Schema(name = "TimelineItem", description = "진행 기록 한 줄")
    public record TimelineItem(
            @Schema(implementation = ProposalStatus.class) String status,
            Instant at,
            @Schema(nullable = true) String note,
            @Schema(description = "SYSTEM, DEPARTMENT, OPERATOR, APPLICANT", nullable = true) String actor) {
    }

    @Schema(name = "Suggestions", description = "비슷한 협력사례와 함께할 수 있는 협력기관")
    public record Suggestions(List<CaseSuggestion> cases, List<InstitutionSuggestion> institutions) {
    }

    @Schema(name = "CaseSuggestion")
    public record CaseSuggestion(String id, String title, @Schema(nullable = true) String summary, String url) {
    }

    @Schema(name = "InstitutionSuggestion")
    public record InstitutionSuggestion(String id, String name, @Schema(nullable = true) String homepage) {
    }

    @Schema(name = "AnswerRequest", description = "추가정보 요청에 대한 신청인의 답변")
    public record AnswerRequest(
            @Schema(description = "제안할 때 쓴 이메일", requiredMode = REQUIRED, format = "email") String email,
            @Schema(description = "답변", requiredMode = REQUIRED, minLength = 1, maxLength = Lifecycle.MAX_NOTE)
            String answer) {
    }

    @Schema(name = "DepartmentActionRequest", description = "담당부서의 처리 (메일의 서명된 링크 토큰으로)")
    public record DepartmentActionRequest(
            @Schema(description = "부서 링크의 서명된 토큰", requiredMode = REQUIRED) String token,
            @Schema(requiredMode = REQUIRED, allowableValues = {"START_REVIEW", "ACCEPT", "DECLINE", "TRANSFER",
                    "REQUEST_INFO", "START_DISCUSSION", "COMPLETE"}) String action,
            @Schema(description = "메모; DECLINE(사유), TRANSFER(사유), REQUEST_INFO(질문)에는 필수",
                    maxLength = Lifecycle.MAX_NOTE, nullable = true) String note,
            @Schema(description = "TRANSFER의 이송 대상 부서 코드 (필수)", nullable = true) String departmentCode) {
    }

    @Schema(name = "OperatorActionRequest", description = "운영자의 처리 (부서 처리와 같은 규칙, 처리자 OPERATOR)")
    public record OperatorActionRequest(
            @Schema(requiredMode = REQUIRED, allowableValues = {"START_REVIEW", "ACCEPT", "DECLINE", "TRANSFER",
                    "REQUEST_INFO", "START_DISCUSSION", "COMPLETE", "ASSIGN", "NOT_A_PROPOSAL"}) String action,
            @Schema(description = "메모; DECLINE, TRANSFER, REQUEST_INFO, NOT_A_PROPOSAL에는 필수",
                    maxLength = Lifecycle.MAX_NOTE, nullable = true) String note,
            @Schema(description = "TRANSFER, ASSIGN의 대상 부서 코드 (필수)", nullable = true) String departmentCode) {
    }

    @Schema(name = "AssignRequest", description = "분류 대기(TRIAGE) 제안을 부서에 배정")
    public record AssignRequest(
            @Schema(description = "부서 코드 (departments.json)", requiredMode = REQUIRED, example = "CLIMATE")
            String departmentCode,
            @Schema(description = "메모", maxLength = Lifecycle.MAX_NOTE, nullable = true) String note) {
    }

    @Schema(name = "NotAProposalRequest", description = "'협력제안 아님' 판정 (사유는 신청인에게 메일로 안내됩니다)")
    public record NotAProposalRequest(
            @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = Lifecycle.MAX_NOTE,
                    example = "개인 민원은 응답소로 접수해 주세요.") String reason) {
    }

    @Schema(name = "ActionResult", description = "상태 변경 결과")
    public record ActionResult(
            @Schema(requiredMode = REQUIRED) String id,
            @Schema(requiredMode = REQUIRED) String trackingCode,
            @Schema(requiredMode = REQUIRED, implementation = ProposalStatus.class) String previousStatus,
            @Schema(requiredMode = REQUIRED, implementation = ProposalStatus.class) String status,
            @Schema(description = "담당부서 (이송·배정이면 대상 부서)", nullable = true) String departmentCode) {
    }

    @Schema(name = "OpsProposalPage", description = "제안 목록 (최신순)")
    public record OpsProposalPage(List<OpsProposalItem> items, @Schema(description = "조건에 맞는 전체 건수") long total) {
    }

    @Schema(name = "OpsProposalItem")
    public record OpsProposalItem(String id, String trackingCode, String title,
                                  @Schema(implementation = ProposalStatus.class) String status,
                                  @Schema(nullable = true) String departmentCode, Instant submittedAt) {
    }

    @Schema(name = "DepartmentLink", description = "담당부서의 새 처리 링크")
    public record DepartmentLink(
            @Schema(description = "공개 주소 뒤에 붙일 경로 (토큰 포함)") String path,
            String departmentCode,
            Instant expiresAt) {
    }
}
