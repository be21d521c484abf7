package kr.seoul.sane.opssecurity;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

import java.time.Duration;

/** The {@code SANE_OPS} cookie: HttpOnly, SameSite=Lax, Path=/, Secure on a secure request. */
public final class OpsCookie {

    public static final String NAME = "SANE_OPS";

    private OpsCookie() {
    }

    /** Reads the token from the cookie; the login and logout paths never look at it (no redirect loop). */
    public static BearerTokenResolver resolver() {
        return request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.equals("/ops/login") || path.equals("/ops/logout") || request.getCookies() == null) {
                return null;
            }
            for (Cookie cookie : request.getCookies()) {
                if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return cookie.getValue();
                }
            }
            return null;
        };
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, String token, Duration maxAge) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(NAME, token).httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").path("/").maxAge(maxAge).build().toString());
    }

    public static void clear(HttpServletRequest request, HttpServletResponse response) {
        write(request, response, "", Duration.ZERO);
    }

    static boolean present(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (NAME.equals(cookie.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
