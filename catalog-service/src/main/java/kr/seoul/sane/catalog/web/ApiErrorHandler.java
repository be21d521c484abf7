package kr.seoul.sane.catalog.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/** Answers API input errors in the shared format {@code {"errors":[{"field","message"}]}}. */
@RestControllerAdvice(assignableTypes = CatalogApiController.class)
class ApiErrorHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Map<String, List<FieldMessage>>> invalid(InvalidRequestException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("errors", e.errors()));
    }
}
