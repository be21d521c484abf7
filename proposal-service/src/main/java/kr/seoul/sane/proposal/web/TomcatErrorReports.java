package kr.seoul.sane.proposal.web;

import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests Tomcat refuses before any servlet runs (an encoded slash or NUL in the path, characters not allowed in
 * the query, a header section beyond the limit) get the platform's answers too: the JSON error body under
 * {@code /api}, a short Korean page elsewhere, both with the security headers; never Tomcat's own page with its
 * inline style.
 */
@Component
class TomcatErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof Host host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(PlatformErrorReportValve.class.getName());
                }
                host.getPipeline().addValve(new PlatformErrorReportValve());
            }
        });
    }

    @Override
    public int getOrder() {
        // after Spring Boot's own customizer, which installs a plain ErrorReportValve
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Writes the platform's error answer for an error nobody else answered. */
    public static class PlatformErrorReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus resolved = HttpStatus.resolve(status);
            String message = resolved == null ? "요청을 처리할 수 없습니다." : SiteErrorController.message(resolved);
            String uri = request.getCoyoteRequest().requestURI().toString();
            boolean api = uri != null && uri.startsWith("/api/");
            try {
                response.setCharacterEncoding("UTF-8");
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("X-Frame-Options", "DENY");
                response.setHeader("Referrer-Policy", "same-origin");
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                        + "style-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; "
                        + "form-action 'self'");
                String body;
                if (api) {
                    response.setContentType("application/json");
                    body = "{\"errors\":[{\"field\":null,\"message\":\"" + message + "\"}]}";
                } else {
                    response.setContentType("text/html");
                    body = "<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>" + status
                            + " - 서울사네</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body>"
                            + "<main class=\"container\"><h1>" + status + "</h1><p>" + message + "</p>"
                            + "<p><a href=\"/\">서울사네 첫 화면</a></p></main></body></html>";
                }
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response already committed: nothing left to say
            }
        }
    }
}
