package kr.seoul.sane.catalog.web;

/** One entry of the shared error format {@code {"errors":[{"field","message"}]}}. */
public record FieldMessage(String field, String message) {
}
