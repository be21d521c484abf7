package kr.seoul.sane.proposal.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.io.IOException;

/** Bad requests to the JSON APIs get the platform's error body with a Korean message, never a 5xx. */
@RestControllerAdvice
class ApiExceptionHandler {

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiErrors> unsupportedType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(ApiErrors.of(null, "요청 형식이 올바르지 않습니다. Content-Type: application/json 으로 보내 주세요."));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiErrors> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(ApiErrors.of(null, "이 API는 JSON(application/json)으로만 응답합니다."));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiErrors> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest()
                .body(ApiErrors.of(null, "요청 본문을 읽을 수 없습니다. 올바른 JSON인지 확인해 주세요."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiErrors> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .body(ApiErrors.of(null, "이 주소에서는 " + e.getMethod() + " 요청을 쓸 수 없습니다."));
    }

    /**
     * A multipart body that cannot be parsed (no boundary, a cut-off part): 400 with the error body on the API, the
     * Korean error page on the form, instead of a 500. Uploads beyond the size limit are 413.
     */
    @ExceptionHandler(MultipartException.class)
    Object multipart(MultipartException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean tooManyParts = tooManyParts(e); // Spring reports it as a size limit too
        boolean tooLarge = e instanceof MaxUploadSizeExceededException && !tooManyParts;
        HttpStatus status = tooLarge ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        if (!request.getRequestURI().startsWith("/api/")) {
            response.sendError(status.value());
            return null;
        }
        String message = tooLarge ? "요청이 너무 큽니다. 첨부파일은 10MB 이하로 올려 주세요."
                : tooManyParts ? "multipart 요청의 부분이 너무 많습니다. 항목과 첨부파일 하나만 보내 주세요."
                : "multipart 요청을 읽을 수 없습니다. 경계(boundary)와 각 부분의 형식을 확인해 주세요.";
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(ApiErrors.of(tooLarge ? "attachment" : null, message));
    }

    /** Tomcat's part-count limit ({@code server.tomcat.max-part-count}) refused the body. */
    private static boolean tooManyParts(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().equals("FileCountLimitExceededException")) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiErrors> missing(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest()
                .body(ApiErrors.of(e.getParameterName(), "'" + e.getParameterName() + "' 값을 넣어 주세요."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiErrors> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(ApiErrors.of(e.getName(), "'" + e.getName() + "' 값의 형식이 올바르지 않습니다."));
    }
}
