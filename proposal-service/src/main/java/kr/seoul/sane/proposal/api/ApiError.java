package kr.seoul.sane.proposal.api;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One entry of the platform's error body {@code {"errors":[{field, message}]}}; field is null for the whole request. */
@Schema(name = "ApiError", description = "오류 하나")
public record ApiError(
        @Schema(description = "문제가 있는 항목 (요청 전체면 null)", requiredMode = REQUIRED, nullable = true, example = "email")
        String field,
        @Schema(description = "고칠 방법을 알려 주는 한국어 메시지", requiredMode = REQUIRED,
                example = "이메일 주소 형식이 올바르지 않습니다. 예: name@example.org")
        String message) {
}
