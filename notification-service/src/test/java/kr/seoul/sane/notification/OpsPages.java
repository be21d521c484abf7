package kr.seoul.sane.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without JavaScript on the ops pages, over real HTTP: HTTP Basic, the {@code XSRF-TOKEN} cookie it was
 * given, and forms posted with the {@code _csrf} field of the page they are on. Redirects are not followed, so a
 * test sees where a form sends it.
 */
final class OpsPages {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CSRF_COOKIE = Pattern.compile("XSRF-TOKEN=([^;]*)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String authorization;
    private String csrfCookie;

    OpsPages(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET as the operator; remembers the CSRF cookie the page set and sends it back, as a browser does. */
    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "ko-KR,ko;q=0.9");
    }

    /** A GET from a browser set to {@code acceptLanguage}. */
    HttpResponse<String> get(String pathAndQuery, String acceptLanguage) throws Exception {
        HttpRequest.Builder request = request(pathAndQuery).header("Accept", "text/html")
                .header("Accept-Language", acceptLanguage).GET();
        if (csrfCookie != null) {
            request.header("Cookie", "XSRF-TOKEN=" + csrfCookie);
        }
        HttpResponse<String> response = send(request);
        response.headers().allValues("Set-Cookie").stream().map(CSRF_COOKIE::matcher).filter(Matcher::find)
                .forEach(m -> csrfCookie = m.group(1));
        return response;
    }

    /** Posts a form of {@code page} (its CSRF field and the cookie), as the browser does on a click. */
    HttpResponse<String> submit(String page, String action) throws Exception {
        Matcher field = CSRF_FIELD.matcher(page);
        assertThat(field.find()).as("a CSRF field in the page's form").isTrue();
        return post(action, "_csrf=" + java.net.URLEncoder.encode(field.group(1), StandardCharsets.UTF_8));
    }

    /** A form post with whatever body; no CSRF field unless the body has one. */
    HttpResponse<String> post(String action, String body) throws Exception {
        HttpRequest.Builder request = request(action).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfCookie != null) {
            request.header("Cookie", "XSRF-TOKEN=" + csrfCookie);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
