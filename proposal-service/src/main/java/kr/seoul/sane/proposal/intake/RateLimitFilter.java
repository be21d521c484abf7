package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.opssecurity.ClientAddress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Applies the per-client limit to the two submission doors: {@code POST /api/proposals} and {@code POST /proposals}. */
@Component
class RateLimitFilter extends OncePerRequestFilter {

    private final SubmissionRateLimiter limiter;

    RateLimitFilter(SubmissionRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod())
                || !(path.equals("/api/proposals") || path.equals("/proposals"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long wait = limiter.secondsToWait(ClientAddress.of(request));
        if (wait == 0) {
            chain.doFilter(request, response);
            return;
        }
        String message = "제출이 너무 잦습니다. " + wait + "초 후에 다시 시도해 주세요.";
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (request.getRequestURI().startsWith("/api/")) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"errors\":[{\"field\":null,\"message\":\"" + message + "\"}]}");
        } else {
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.getWriter().write("<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
                    + "<title>잠시 후 다시 시도해 주세요 - 서울사네</title>"
                    + "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body><main class=\"container\">"
                    + "<h1>잠시 후 다시 시도해 주세요</h1><p>" + message + "</p>"
                    + "<p><a href=\"/proposals/new\">협력신청으로 돌아가기</a></p></main></body></html>");
        }
    }
}
