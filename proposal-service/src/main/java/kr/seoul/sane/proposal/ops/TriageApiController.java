package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.proposal.actions.ActionResponses;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
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
        } catch (StatusChangeService.InvalidActionException e) {
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
