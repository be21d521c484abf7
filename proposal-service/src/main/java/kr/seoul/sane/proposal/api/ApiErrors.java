package kr.seoul.sane.proposal.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The error body every 4xx of the APIs carries. */
@Schema(name = "ApiErrors", description = "오류 응답 (모든 4xx)")
public record ApiErrors(@ArraySchema(minItems = 1, schema = @Schema(implementation = ApiError.class)) List<ApiError> errors) {

    public static ApiErrors of(String field, String message) {
        return new ApiErrors(List.of(new ApiError(field, message)));
    }
}
