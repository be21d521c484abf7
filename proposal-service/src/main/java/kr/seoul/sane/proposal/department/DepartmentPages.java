package kr.seoul.sane.proposal.department;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** What the pages behind signed department links share: the refusal page, the headers and the time format. */
final class DepartmentPages {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private DepartmentPages() {
    }

    /** The refusal page (403): nothing was read or changed. */
    static String denied(Model model, HttpServletResponse response, String message) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("page", "department");
        model.addAttribute("message", message);
        return "department-denied";
    }

    /** The page carries the link token: keep it out of caches and search engines. */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
    }

    /**
     * Lets the language switch keep the signed link's parameters, so that the page opens again in the other language
     * (a switch to a bare {@code ?lang=en} would drop the token and be refused).
     *
     * @param parameters name, value, name, value, …
     */
    static void keepOnLanguageSwitch(Model model, String... parameters) {
        StringBuilder query = new StringBuilder("?");
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            query.append(parameters[i]).append('=')
                    .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8)).append('&');
        }
        model.addAttribute("langQuery", query.toString());
    }

    /** Seoul time, minutes; empty when unknown. */
    static String format(Instant at) {
        return at == null ? "" : WHEN.format(at.atZone(SEOUL));
    }
}
