package kr.seoul.sane.opssecurity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.exc.StreamConstraintsException;

import java.util.List;
import java.util.Map;

/**
 * JSON that goes past {@link JsonReadLimits} gets {@code 400} with the platform's error body and a message that
 * says which limits there are, in every service, never a 5xx. It runs before the services' own advice, which would
 * answer the wrapping {@code HttpMessageNotReadableException} with a generic "unreadable JSON" (Spring looks at the
 * exception's causes too, advice by advice).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class JsonLimitsAdvice {

    private static final Logger log = LoggerFactory.getLogger(JsonLimitsAdvice.class);

    private final String message;

    JsonLimitsAdvice(String message) {
        this.message = message;
    }

    @ExceptionHandler(StreamConstraintsException.class)
    ResponseEntity<Map<String, List<Map<String, String>>>> tooLarge(StreamConstraintsException e) {
        log.warn("JSON refused: {}", e.getOriginalMessage());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrorBody.of(message, null));
    }
}
