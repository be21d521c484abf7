package kr.seoul.sane.proposal.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.tracking.TrackingService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The applicant's erasure of their personal data over JSON: {@code POST /api/proposals/{trackingCode}/erasure}
 * {@code {email}} mails a confirmation code; {@code POST /api/proposals/{trackingCode}/erasure/confirm}
 * {@code {email, code}} erases.
 */
@RestController
@Tag(name = "진행상황")
class ErasureApiController {

    private final TrackingService tracking;
    private final ErasureService erasure;

    ErasureApiController(TrackingService tracking, ErasureService erasure) {
        this.tracking = tracking;
        this.erasure = erasure;
    }

    @Operation(summary = "개인정보 삭제 확인 코드 요청", description = "제안서의 이메일로 15분 동안 쓸 수 있는 숫자 6자리 확인 코드를 "
            + "보냅니다. 한 시간에 3번까지 요청할 수 있습니다.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ApiSchemas.ErasureRequest.class))))
    @ApiResponse(responseCode = "202", description = "확인 코드를 보냄",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ErasureRequested.class)))
    @ErrorAnswers({404, 409, 415, 429})
    @PostMapping(path = "/api/proposals/{trackingCode}/erasure", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> request(@Parameter(description = "접수번호") @PathVariable String trackingCode,
                                  @RequestBody JsonNode body) {
        Optional<Proposal> proposal = tracking.authenticate(trackingCode, text(body, "email"));
        if (proposal.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiErrors.of(null, TrackingService.NOT_FOUND));
        }
        try {
            ErasureService.Requested r = erasure.request(proposal.get());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("trackingCode", r.trackingCode());
            answer.put("expiresAt", r.expiresAt());
            answer.put("message", "확인 코드를 제안서의 이메일 주소로 보냈습니다. " + ErasureService.VALIDITY.toMinutes()
                    + "분 안에 POST /api/proposals/" + r.trackingCode() + "/erasure/confirm 으로 보내 주세요.");
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
        } catch (ErasureRefusal e) {
            return refused(e);
        }
    }

    @Operation(summary = "개인정보 삭제 (확인 코드)", description = "담당자 이름, 이메일, 연락처와 첨부파일을 지웁니다. 되돌릴 수 "
            + "없습니다. 진행 중인 제안은 신청 철회(WITHDRAWN)되고, 이후 이 접수번호와 이메일로는 조회할 수 없습니다.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiSchemas.ErasureConfirmation.class))))
    @ApiResponse(responseCode = "200", description = "삭제함",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ErasureDone.class)))
    @ErrorAnswers({400, 404, 409, 410, 415})
    @PostMapping(path = "/api/proposals/{trackingCode}/erasure/confirm", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> confirm(@Parameter(description = "접수번호") @PathVariable String trackingCode,
                                  @RequestBody JsonNode body) {
        JsonNode code = body.path("code");
        if (!code.isString() && !code.isMissingNode() && !code.isNull()) {
            return ResponseEntity.badRequest().body(ApiErrors.of("code", "확인 코드는 글자(숫자 6자리)로 보내 주세요."));
        }
        Optional<Proposal> proposal = tracking.authenticate(trackingCode, text(body, "email"));
        if (proposal.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiErrors.of(null, TrackingService.NOT_FOUND));
        }
        try {
            ErasureService.Erased done = erasure.confirm(proposal.get(), text(body, "code"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("trackingCode", done.trackingCode());
            answer.put("erased", true);
            answer.put("previousStatus", done.previous().name());
            answer.put("status", done.status().name());
            answer.put("withdrawn", done.withdrawn());
            answer.put("message", "개인정보를 삭제했습니다. 이제 이 접수번호와 이메일로는 제안을 조회할 수 없습니다.");
            return ResponseEntity.ok(answer);
        } catch (ErasureRefusal e) {
            return refused(e);
        }
    }

    private static ResponseEntity<Object> refused(ErasureRefusal e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == 429) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.number() * 60));
        }
        return answer.body(ApiErrors.of(e.field(), e.getMessage()));
    }

    private static String text(JsonNode body, String field) {
        return body != null && body.path(field).isString() ? body.path(field).asString() : null;
    }
}
