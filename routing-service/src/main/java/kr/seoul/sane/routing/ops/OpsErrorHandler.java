package kr.seoul.sane.routing.ops;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A body that is not the expected JSON gets the same Korean {@code 400 {errors:[…]}} as a validation error. */
@RestControllerAdvice(basePackageClasses = OpsErrorHandler.class)
class OpsErrorHandler {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        Map<String, Object> error = new HashMap<>();
        error.put("field", null);
        error.put("message", "요청 본문을 읽을 수 없습니다. JSON 형식과 각 항목의 자료형(문자열)을 확인해 주세요.");
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("errors", List.of(error)));
    }
}
