package kr.seoul.sane.proposal.actions;

import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.lifecycle.IllegalTransitionException;
import kr.seoul.sane.proposal.lifecycle.InvalidActionException;
import kr.seoul.sane.proposal.lifecycle.WrongDepartmentException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers of the action APIs: the result, or the platform's error body with the fitting status. */
public final class ActionResponses {

    private ActionResponses() {
    }

    public static ResponseEntity<Object> ok(StatusChangeService.Result r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.proposalId());
        body.put("trackingCode", r.trackingCode());
        body.put("previousStatus", r.previous().name());
        body.put("status", r.status().name());
        body.put("departmentCode", r.departmentCode());
        return ResponseEntity.ok(body);
    }

    /** Maps the refusals of {@link StatusChangeService}; anything else is rethrown. */
    public static ResponseEntity<Object> refused(RuntimeException e) {
        return switch (e) {
            case IllegalTransitionException t -> error(HttpStatus.CONFLICT, null, t.getMessage());
            case InvalidActionException i -> ResponseEntity.badRequest().body(new ApiErrors(
                    i.problems().stream().map(p -> new ApiError(p.field(), p.message())).toList()));
            case WrongDepartmentException w -> error(HttpStatus.FORBIDDEN, "token", w.getMessage());
            case StatusChangeService.NotFoundException n -> error(HttpStatus.NOT_FOUND, null, n.getMessage());
            default -> throw e;
        };
    }

    public static ResponseEntity<Object> error(HttpStatus status, String field, String message) {
        return ResponseEntity.status(status).body(ApiErrors.of(field, message));
    }
}
