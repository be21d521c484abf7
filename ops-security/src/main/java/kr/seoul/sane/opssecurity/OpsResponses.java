package kr.seoul.sane.opssecurity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the ops chains answer when a request is not allowed: JSON for the API, the login page for pages. */
final class OpsResponses {

    static final String LOGIN_REQUIRED = "운영자 로그인이 필요합니다. 운영자 계정으로 인증해 주세요.";
    static final String ADMIN_REQUIRED = "이 작업에는 관리자(ADMIN) 권한이 필요합니다.";

    private OpsResponses() {
    }

    /** 401 with the services' error shape and the schemes the API accepts. */
    static AuthenticationEntryPoint apiUnauthorized() {
        return (request, response, e) -> {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sane-ops\", charset=\"UTF-8\"");
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sane-ops\"");
            json(response, HttpServletResponse.SC_UNAUTHORIZED, LOGIN_REQUIRED);
        };
    }

    static AccessDeniedHandler apiForbidden() {
        return (request, response, e) -> json(response, HttpServletResponse.SC_FORBIDDEN, ADMIN_REQUIRED);
    }

    /**
     * Anonymous (or an expired or forged cookie, which is dropped): 302 to the login page, which sends the
     * operator back to the page asked for ({@code next}, GET only).
     */
    static AuthenticationEntryPoint loginRedirect() {
        return (request, response, e) -> {
            if (OpsCookie.present(request)) {
                OpsCookie.clear(request, response);
            }
            response.sendRedirect(request.getContextPath() + loginLocation(request));
        };
    }

    static String loginLocation(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return "/ops/login";
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String next = NextPath.sanitise(request.getQueryString() == null ? path : path + "?" + request.getQueryString());
        return "/ops/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }

    static void json(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"errors\":[{\"field\":null,\"message\":\"" + message + "\"}]}");
    }
}
