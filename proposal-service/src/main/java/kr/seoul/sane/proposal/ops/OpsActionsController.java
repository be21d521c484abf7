package kr.seoul.sane.proposal.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.actions.ActionResponses;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.model.Proposal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator actions (HTTP Basic, role OPERATOR): the same lifecycle steps as a department, with actor
 * {@code OPERATOR}, and a fresh department link when the mailed one has expired.
 */
@RestController
class OpsActionsController {

    private final StatusChangeService changes;
    private final OpsProposals proposals;

    OpsActionsController(StatusChangeService changes, OpsProposals proposals) {
        this.changes = changes;
        this.proposals = proposals;
    }

    /** {@code {action, note, departmentCode?}} → {@code {id, trackingCode, previousStatus, status, departmentCode}}. */
    @Operation(summary = "운영자의 처리", description = "부서 처리와 같은 규칙에 배정(ASSIGN)과 '협력제안 아님'(NOT_A_PROPOSAL)이 "
            + "더해집니다. 처리자는 OPERATOR로 기록됩니다. 운영자(OPERATOR) 권한이 필요합니다.", tags = "운영",
            security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "operator"),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiSchemas.OperatorActionRequest.class))))
    @ApiResponse(responseCode = "200", description = "처리됨",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ActionResult.class)))
    @ErrorAnswers({400, 401, 404, 409, 415})
    @PostMapping(path = "/api/ops/proposals/{id}/actions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> act(@PathVariable String id, @RequestBody JsonNode body) {
        Action action = Action.parse(body.path("action").isString() ? body.path("action").asString() : null);
        if (action == null || !Action.OPERATOR_ACTIONS.contains(action)) {
            return ActionResponses.error(HttpStatus.BAD_REQUEST, "action",
                    "처리 종류(action)는 START_REVIEW, ACCEPT, DECLINE, TRANSFER, REQUEST_INFO, START_DISCUSSION, "
                            + "COMPLETE, ASSIGN, NOT_A_PROPOSAL 중 하나여야 합니다.");
        }
        try {
            return ActionResponses.ok(changes.change(new StatusChangeService.Command(id, action, Actor.OPERATOR,
                    text(body, "note"), text(body, "departmentCode"), null)));
        } catch (RuntimeException e) {
            return ActionResponses.refused(e);
        }
    }

    /** A new link for the department in charge: {@code {path, departmentCode, expiresAt}}. */
    @Operation(summary = "부서 링크 새로 만들기 (운영자)", description = "담당부서의 새 처리 링크 (메일의 링크가 만료되었을 때). "
            + "운영자(OPERATOR) 권한이 필요합니다.", tags = "운영", security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "operator"))
    @ApiResponse(responseCode = "200", description = "새 링크",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.DepartmentLink.class)))
    @ErrorAnswers({401, 404, 409})
    @GetMapping(path = "/api/ops/proposals/{id}/department-link", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> link(@PathVariable String id) {
        Proposal p = id.matches("^[A-Za-z0-9_-]{1,64}$") ? proposals.find(id).orElse(null) : null;
        if (p == null) {
            return ActionResponses.error(HttpStatus.NOT_FOUND, null, "제안을 찾을 수 없습니다.");
        }
        OpsProposals.DepartmentLink link = proposals.departmentLink(p).orElse(null);
        if (link == null) {
            return ActionResponses.error(HttpStatus.CONFLICT, null, "아직 담당부서가 배정되지 않은 제안입니다.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("path", link.path());
        answer.put("departmentCode", link.departmentCode());
        answer.put("expiresAt", Instant.ofEpochSecond(link.expires().getEpochSecond()).toString());
        return ResponseEntity.ok(answer);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isString() ? v.asString() : null;
    }
}
