package kr.seoul.sane.opssecurity.health;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.opssecurity.ApiErrorBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A request that needed the service's database while it could not be reached (the store restarting, the network to
 * it cut) gets {@code 503 Service Unavailable} with {@code Retry-After}, not a 500 as if the service had a bug: the
 * JSON APIs the platform's error body with a Korean message (and an English one), pages the service's own error page
 * for 503.
 * <p>
 * The message says what the person can rely on. When the request only reads (GET, HEAD) or the driver never reached
 * the store (no server selected, the connection refused), nothing of the request was done and sending it again is
 * safe. When the connection broke while a command was on its way, the store may have done it, so the message asks to
 * check first (the receipt mail, the tracking page), as the gateway does when a service answers too late.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class StoreUnavailableAdvice {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailableAdvice.class);

    /** Seconds a client is asked to wait: about what the local store takes to restart after a crash. */
    static final int RETRY_AFTER_SECONDS = 10;

    static final String NOT_DONE = "저장소에 잠시 연결할 수 없어 요청을 처리하지 못했습니다. 요청은 저장되지 않았으니 "
            + RETRY_AFTER_SECONDS + "초쯤 뒤에 다시 보내 주세요.";
    static final String NOT_DONE_EN = "The service could not reach its database, so nothing of this request was done. "
            + "Please send it again in about " + RETRY_AFTER_SECONDS + " seconds.";
    static final String UNKNOWN = "저장소와의 연결이 요청 도중 끊겼습니다. 요청이 처리되었는지 확인할 수 없으니, 다시 보내기 전에 "
            + "접수 확인 메일이나 접수번호 조회로 처리 여부를 확인해 주세요.";
    static final String UNKNOWN_EN = "The connection to the database broke during the request, so it may or may not "
            + "have been done. Before sending it again, check the receipt mail or look the proposal up by its "
            + "tracking code.";

    /** Spring Data's translation, and the driver's own exceptions where code uses the driver's collections directly. */
    @ExceptionHandler({DataAccessResourceFailureException.class, MongoTimeoutException.class, MongoSocketException.class})
    ResponseEntity<Map<String, List<Map<String, String>>>> storeUnavailable(Exception e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        boolean notDone = readOnly(request) || neverReachedTheStore(e);
        log.warn("{} {} answered 503: the database could not be reached ({}{})", request.getMethod(),
                request.getRequestURI(), notDone ? "" : "connection broken during the command: ",
                NestedExceptionUtils.getMostSpecificCause(e).toString());
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        if (wantsPage(request)) {
            response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
            return null;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrorBody.of(notDone ? NOT_DONE : UNKNOWN, notDone ? NOT_DONE_EN : UNKNOWN_EN));
    }

    /** True when the driver did not get as far as sending the command: no server selected, or no connection. */
    static boolean neverReachedTheStore(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoTimeoutException || t instanceof MongoSocketOpenException) {
                return true;
            }
        }
        return false;
    }

    /** GET and HEAD change nothing, so whatever broke, asking again is safe. */
    private static boolean readOnly(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** A browser asking for a page (not an API path, HTML accepted) gets the service's error page. */
    private static boolean wantsPage(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri.contains("/api/")) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }
}
