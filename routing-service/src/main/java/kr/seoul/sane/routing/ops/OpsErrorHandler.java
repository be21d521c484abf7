package kr.seoul.sane.routing.ops;

import kr.seoul.sane.routing.decision.WithdrawnException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A body that is not the expected JSON gets the same Korean {@code 400 {errors:[…]}} as a validation error; acting on
 * a proposal the applicant withdrew gets {@code 409}.
 */
@RestControllerAdvice(basePackageClasses = OpsErrorHandler.class)
class OpsErrorHandler {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "요청 본문을 읽을 수 없습니다. JSON 형식과 각 항목의 자료형(문자열)을 확인해 주세요.");
    }

    @ExceptionHandler(WithdrawnException.class)
    ResponseEntity<Map<String, Object>> withdrawn(WithdrawnException e) {
        return error(HttpStatus.CONFLICT, "신청인이 철회한 제안입니다. 부서를 배정하거나 제안 여부를 바꿀 수 없습니다.");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        Map<String, Object> error = new HashMap<>();
        error.put("field", null);
        error.put("message", message);
        return ResponseEntity.status(status).body(Map.of("errors", List.of(error)));
    }
}
