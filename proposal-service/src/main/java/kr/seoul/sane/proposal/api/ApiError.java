package kr.seoul.sane.proposal.api;

/** One entry of the platform's error body {@code {"errors":[{field, message}]}}; field is null for the whole request. */
public record ApiError(String field, String message) {
}
