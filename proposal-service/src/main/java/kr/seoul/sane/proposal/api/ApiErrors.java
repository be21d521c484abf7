package kr.seoul.sane.proposal.api;

import java.util.List;

/** The error body every 4xx of the APIs carries. */
public record ApiErrors(List<ApiError> errors) {

    public static ApiErrors of(String field, String message) {
        return new ApiErrors(List.of(new ApiError(field, message)));
    }
}
