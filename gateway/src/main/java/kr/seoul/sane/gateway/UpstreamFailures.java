package kr.seoul.sane.gateway;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's own answer when a service could not be reached or broke off before it answered: 502 (504 when it
 * did not answer in time; 503 when no instance of the service passes its health check, so nothing was sent), in
 * Korean with an English line, as JSON for the API ({@code {"errors":[…]}}, the
 * services' format) and as a small page otherwise. Without it the failure went to the servlet container's error
 * dispatch, and the gateway forwarded that {@code /error} request to a service like any other path: the client got
 * whatever that service answered for it, or the container's English page when that service was the one down.
 *
 * <p>A write that broke off may have been stored: the answer says so instead of inviting a blind retry.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class UpstreamFailures extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFailures.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            if (noHealthyInstance(e)) {
                // the load balancer found no instance that passes its health check: nothing was sent
                log.warn("{} {}: no instance of the service is healthy", request.getMethod(), request.getRequestURI());
                answer(request, response, Failure.NO_INSTANCE);
                return;
            }
            ResourceAccessException unreachable = unreachable(e);
            if (unreachable == null) {
                throw e;
            }
            boolean timedOut = unreachable.getCause() instanceof SocketTimeoutException;
            log.warn("{} {}: the service did not answer ({})", request.getMethod(), request.getRequestURI(),
                    unreachable.getMessage());
            answer(request, response, timedOut ? Failure.TIMED_OUT : Failure.UNREACHABLE);
        }
    }

    private enum Failure { UNREACHABLE, TIMED_OUT, NO_INSTANCE }

    /** Spring Cloud Gateway's load-balancer filter answers "no instance" with a 503 it throws. */
    private static boolean noHealthyInstance(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpServerErrorException server
                    && server.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                    && String.valueOf(server.getMessage()).contains("Unable to find instance")) {
                return true;
            }
        }
        return false;
    }

    private static ResourceAccessException unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ResourceAccessException access) {
                return access;
            }
        }
        return null;
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, Failure failure)
            throws IOException {
        boolean write = !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
        boolean timedOut = failure == Failure.TIMED_OUT;
        String korean;
        String english;
        if (failure == Failure.NO_INSTANCE) {
            korean = "지금 이 서비스를 잠시 쓸 수 없습니다 (점검 중이거나 다시 시작하는 중). 요청은 전달되지 않았으니 잠시 후 "
                    + "다시 보내 주세요.";
            english = "The service is briefly unavailable (restarting or under maintenance). Your request was not "
                    + "passed on: please send it again shortly.";
        } else {
            korean = (timedOut ? "서비스의 응답이 늦어 요청을 마치지 못했습니다. " : "지금 서비스에 연결할 수 없습니다. ")
                    + (write ? "요청이 처리되었는지 확인할 수 없으니, 다시 보내기 전에 접수 확인 메일이나 접수번호 조회로 처리 여부를 확인해 주세요."
                            : "잠시 후 다시 시도해 주세요.");
            english = (timedOut ? "The service did not answer in time. " : "The service cannot be reached. ")
                    + (write ? "Your request may have been processed: check the confirmation mail or the tracking page "
                            + "before you send it again." : "Please try again shortly.");
        }
        response.reset();
        response.setStatus(switch (failure) {
            case NO_INSTANCE -> HttpStatus.SERVICE_UNAVAILABLE.value();
            case TIMED_OUT -> HttpStatus.GATEWAY_TIMEOUT.value();
            case UNREACHABLE -> HttpStatus.BAD_GATEWAY.value();
        });
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        byte[] body;
        if (wantsJson(request)) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE + ";charset=UTF-8");
            ObjectNode error = JSON.createObjectNode().putNull("field").put("message", korean).put("messageEn", english);
            ObjectNode errors = JSON.createObjectNode();
            errors.putArray("errors").add(error);
            body = JSON.writeValueAsBytes(errors);
        } else {
            response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
            body = ("<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"UTF-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>잠시 연결할 수 없습니다 - 서울사네</title></head>\n<body>\n<main>\n"
                    + "<h1>잠시 연결할 수 없습니다</h1>\n<p>" + korean + "</p>\n<p lang=\"en\">" + english + "</p>\n"
                    + "<p><a href=\"/\">첫 화면으로 가기</a></p>\n</main>\n</body></html>\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return request.getRequestURI().startsWith("/api/")
                || (accept != null && accept.contains("json") && !accept.contains("text/html"));
    }
}
