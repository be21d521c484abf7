package kr.seoul.sane.proposal.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import kr.seoul.sane.proposal.actions.ActionResponses;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The triage decisions as JSON (HTTP Basic, role OPERATOR), the same as the forms of {@code /ops/triage}:
 * {@code POST /api/ops/proposals/{id}/assign {departmentCode, note?}} and
 * {@code POST /api/ops/proposals/{id}/not-a-proposal {reason}} → {@code {id, trackingCode, previousStatus, status,
 * departmentCode}}; Korean 400 (per field), 404, 409.
 */
@RestController
class TriageApiController {

    private final StatusChangeService changes;

    TriageApiController(StatusChangeService changes) {
        this.changes = changes;
    }

    @Operation(summary = "분류 대기 제안을 부서에 배정 (운영자)", description = "TRIAGE 상태의 제안만 배정할 수 있습니다. 결과는 "
            + "이송(TRANSFERRED)이고, 라우팅 서비스가 그 부서로 배정하면 ROUTED가 됩니다. 운영자(OPERATOR) 권한이 필요합니다.",
            tags = "운영", security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "operator"),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ApiSchemas.AssignRequest.class))))
    @ApiResponse(responseCode = "200", description = "배정됨",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ActionResult.class)))
    @ErrorAnswers({400, 401, 404, 409, 415})
    @PostMapping(path = "/api/ops/proposals/{id}/assign", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> assign(@PathVariable String id, @RequestBody JsonNode body) {
        ResponseEntity<Object> shape = shape(body, "departmentCode", "note");
        if (shape != null) {
            return shape;
        }
        return apply(new StatusChangeService.Command(id, Action.ASSIGN, Actor.OPERATOR, text(body, "note"),
                text(body, "departmentCode"), null), null);
    }

    @Operation(summary = "'협력제안 아님'으로 닫기 (운영자)", description = "TRIAGE, ROUTED, IN_REVIEW 상태에서 할 수 있습니다. 사유는 "
            + "신청인에게 메일로 안내됩니다. 운영자(OPERATOR) 권한이 필요합니다.", tags = "운영", security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "operator"),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiSchemas.NotAProposalRequest.class))))
    @ApiResponse(responseCode = "200", description = "닫힘",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ActionResult.class)))
    @ErrorAnswers({400, 401, 404, 409, 415})
    @PostMapping(path = "/api/ops/proposals/{id}/not-a-proposal", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> notAProposal(@PathVariable String id, @RequestBody JsonNode body) {
        ResponseEntity<Object> shape = shape(body, "reason");
        if (shape != null) {
            return shape;
        }
        return apply(new StatusChangeService.Command(id, Action.NOT_A_PROPOSAL, Actor.OPERATOR, text(body, "reason"),
                null, null), "reason");
    }

    /** @param noteField the name the note has in this request's body (its errors are reported under it) */
    private ResponseEntity<Object> apply(StatusChangeService.Command command, String noteField) {
        try {
            return ActionResponses.ok(changes.change(command));
        } catch (InvalidActionException e) {
            return ResponseEntity.badRequest().body(new ApiErrors(e.problems().stream()
                    .map(p -> new ApiError(noteField != null && "note".equals(p.field()) ? noteField : p.field(),
                            p.message()))
                    .toList()));
        } catch (RuntimeException e) {
            return ActionResponses.refused(e);
        }
    }

    /** The body must be a JSON object whose named fields are strings (or absent/null). */
    private static ResponseEntity<Object> shape(JsonNode body, String... fields) {
        if (body == null || !body.isObject()) {
            return ActionResponses.error(HttpStatus.BAD_REQUEST, null, "요청 본문은 JSON 객체여야 합니다.");
        }
        for (String f : fields) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isString()) {
                return ActionResponses.error(HttpStatus.BAD_REQUEST, f, f + " 값은 문자열이어야 합니다.");
            }
        }
        return null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isString() ? v.asString() : null;
    }
}
