package kr.seoul.sane.opssecurity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's error body, {@code {"errors":[{"field":null,"message":…}]}} (with {@code messageEn} when an English
 * line goes with it), for the answers this module gives in every service.
 */
public final class ApiErrorBody {

    private ApiErrorBody() {
    }

    /** One error about the request as a whole (field null), in Korean and, when not null, English. */
    public static Map<String, List<Map<String, String>>> of(String message, String messageEn) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", null);
        error.put("message", message);
        if (messageEn != null) {
            error.put("messageEn", messageEn);
        }
        return Map.of("errors", List.of(error));
    }
}
