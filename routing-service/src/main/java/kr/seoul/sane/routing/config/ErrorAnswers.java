package kr.seoul.sane.routing.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import java.util.Map;

/**
 * The 4xx answers the routing ops API shares ({@code #/components/responses/<name>}), all with the platform's error
 * body ({@code ApiErrors}, from ops-security); each operation's description says when it gives which.
 */
final class ErrorAnswers {

    private static final Map<String, String> ANSWERS = Map.of(
            "BadRequest", "요청 값이 규칙에 맞지 않거나 본문이 JSON이 아닙니다. 항목(field)마다 한국어 메시지가 하나씩 옵니다.",
            "NotFound", "찾을 수 없습니다 (제안 또는 부서 코드).",
            "Conflict", "지금 상태에서는 할 수 없습니다 (철회된 제안, 동시에 한 수정).");

    private ErrorAnswers() {
    }

    static Components components() {
        Components components = new Components();
        ANSWERS.forEach((name, description) -> components.addResponses(name, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiErrors"))))));
        return components;
    }
}
