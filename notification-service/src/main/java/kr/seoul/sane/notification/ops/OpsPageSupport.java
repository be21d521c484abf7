package kr.seoul.sane.notification.ops;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** What both ops pages share: texts in the page's language, Seoul times, ages and the Korean 4xx page. */
@Component
class OpsPageSupport {

    private static final DateTimeFormatter SEOUL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Seoul"));

    private final MessageSource messages;

    OpsPageSupport(MessageSource messages) {
        this.messages = messages;
    }

    String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The text for {@code key}, or {@code fallback} when there is none (e.g. a mail template added later). */
    String textOr(String key, String fallback, Locale locale) {
        return messages.getMessage(key, null, fallback, locale);
    }

    /** Seoul local time as operators read it ({@code 2026-11-23 18:15:31}); empty for none. */
    static String seoul(Instant instant) {
        return instant == null ? "" : SEOUL.format(instant);
    }

    /** A waiting time in the largest two units: "2일 3시간", "4분 10초". */
    String age(Duration age, Locale locale) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds >= 86_400) {
            return text("age.days", locale, seconds / 86_400, seconds % 86_400 / 3600);
        }
        if (seconds >= 3600) {
            return text("age.hours", locale, seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return text("age.minutes", locale, seconds / 60, seconds % 60);
        }
        return text("age.seconds", locale, seconds);
    }

    /** The Korean (or English) page for a request the console refuses: what was wrong and the way back. */
    ModelAndView problem(HttpStatus status, String messageKey, String backHref, Locale locale, Object... args) {
        return new ModelAndView("error", Map.of("status", status.value(),
                "problem", text(messageKey, locale, args), "back", backHref), status);
    }
}
