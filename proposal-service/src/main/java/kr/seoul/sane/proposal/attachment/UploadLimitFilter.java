package kr.seoul.sane.proposal.attachment;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a submission whose declared body is far beyond the attachment limit with {@code 413} and a Korean
 * message before anything reads it (the CSRF check would otherwise fail on an unparsable multipart body). Files
 * just above 10 MB get through to the controllers, which answer 413 next to the field and keep the input.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class UploadLimitFilter extends OncePerRequestFilter {

    /** The attachment plus the form fields; the multipart limits of application.yml are the same. */
    static final long MAX_REQUEST = AttachmentCheck.MAX_BYTES + 2L * 1024 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod())
                || !(path.equals("/api/proposals") || path.equals("/proposals"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= MAX_REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(413);
        response.setHeader("Connection", "close");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (request.getRequestURI().startsWith("/api/")) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"errors\":[{\"field\":\"attachment\",\"message\":\""
                    + AttachmentCheck.TOO_LARGE + "\"}]}");
        } else {
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.getWriter().write("<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
                    + "<title>첨부파일이 너무 큽니다 - 서울사네</title>"
                    + "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body><main class=\"container\">"
                    + "<h1>첨부파일이 너무 큽니다</h1><p>" + AttachmentCheck.TOO_LARGE + "</p>"
                    + "<p><a href=\"/proposals/new\">협력신청으로 돌아가기</a></p></main></body></html>");
        }
    }
}
