package kr.seoul.sane.opssecurity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP Basic on the ops paths under the same throttle as the login form ({@link LoginThrottle}): a failed Basic
 * login counts against the client address and the account name, and while either is throttled a request with
 * Basic credentials gets {@code 429} with {@code Retry-After} before any password is checked.
 */
public final class BasicAuthThrottle {

    static final String TOO_MANY = "로그인 실패가 너무 많습니다. 잠시 후 다시 시도해 주세요.";
    private static final Logger log = LoggerFactory.getLogger(BasicAuthThrottle.class);

    private final LoginThrottle throttle;

    public BasicAuthThrottle(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    /** Runs before Spring Security's Basic filter: throttled clients and accounts stop here. */
    public OncePerRequestFilter guard() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                String user = basicUser(request);
                if (user != null) {
                    String client = ClientAddress.of(request);
                    long wait = throttle.secondsToWait(client, user);
                    if (wait > 0) {
                        log.warn("ops Basic login refused: too many failures (client {}), retry in {} s", client, wait);
                        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
                        OpsResponses.json(response, 429, TOO_MANY);
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The Basic filter's answer to wrong credentials: counts the failure, then answers as {@code delegate}. */
    public AuthenticationEntryPoint countingFailures(AuthenticationEntryPoint delegate) {
        return (request, response, e) -> {
            countFailure(request, e);
            delegate.commence(request, response, e);
        };
    }

    private void countFailure(HttpServletRequest request, AuthenticationException e) {
        String user = basicUser(request);
        if (user != null) {
            String client = ClientAddress.of(request);
            throttle.failed(client, user);
            log.warn("ops Basic login failed (client {}): {}", client, e.getClass().getSimpleName());
        }
    }

    /** The account name of a Basic header ("" when it cannot be read), null without one. */
    static String basicUser(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.length() > 200 ? user.substring(0, 200) : user.strip();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
