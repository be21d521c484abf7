package kr.seoul.sane.routing.directory;

/** A problem with a directory request: the request field (or null) and a Korean message a person can act on. */
public record FieldError(String field, String message) {
}
