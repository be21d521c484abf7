package kr.seoul.sane.proposal.department;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.proposal.actions.ActionResponses;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.links.LinkTokens;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/department/proposals/{id}/actions} {@code {token, action, note, departmentCode?}}: the same
 * department actions as the page, for automation. The signed token is the credential.
 */
@RestController
@Tag(name = "담당부서")
class DepartmentApiController {

    private final DepartmentAccess access;
    private final StatusChangeService changes;

    DepartmentApiController(DepartmentAccess access, StatusChangeService changes) {
        this.access = access;
        this.changes = changes;
    }

    @Operation(summary = "담당부서의 처리", description = "검토 시작, 수락, 반려(사유), 이송(사유, 대상 부서), 추가정보 요청(질문), "
            + "협의 시작, 완료. 토큰은 제안 id와 부서에 묶여 있고 기한(기본 30일)과 허용된 처리가 정해져 있습니다.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiSchemas.DepartmentActionRequest.class))))
    @ApiResponse(responseCode = "200", description = "처리됨",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ActionResult.class)))
    @ErrorAnswers({400, 403, 404, 409, 415})
    @PostMapping(path = "/api/department/proposals/{id}/actions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> act(@Parameter(description = "제안 id") @PathVariable String id, @RequestBody JsonNode body) {
        String token = text(body, "token");
        Action action = Action.parse(text(body, "action"));
        LinkTokens.Claims claims;
        try {
            claims = access.check(id, token, null);
        } catch (DepartmentAccess.Refused e) {
            return ActionResponses.error(HttpStatus.FORBIDDEN, "token", e.getMessage());
        }
        if (action == null || !Action.DEPARTMENT_ACTIONS.contains(action)) {
            return ActionResponses.error(HttpStatus.BAD_REQUEST, "action",
                    "처리 종류(action)는 START_REVIEW, ACCEPT, DECLINE, TRANSFER, REQUEST_INFO, START_DISCUSSION, "
                            + "COMPLETE 중 하나여야 합니다.");
        }
        if (!claims.allows(action)) {
            return ActionResponses.error(HttpStatus.FORBIDDEN, "token", DepartmentAccess.ACTION_NOT_ALLOWED);
        }
        for (String field : new String[]{"note", "departmentCode"}) {
            JsonNode v = body.path(field);
            if (!v.isMissingNode() && !v.isNull() && !v.isString()) {
                return ActionResponses.error(HttpStatus.BAD_REQUEST, field, "'" + field + "' 값은 글자로 보내 주세요.");
            }
        }
        try {
            return ActionResponses.ok(changes.change(new StatusChangeService.Command(id, action, Actor.DEPARTMENT,
                    text(body, "note"), text(body, "departmentCode"), claims.departmentCode())));
        } catch (RuntimeException e) {
            return ActionResponses.refused(e);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isString() ? v.asString() : null;
    }
}
