package kr.seoul.sane.catalog.search;

/** A catalogue entry with its similarity score to a proposal. */
public record Scored<T>(T item, double score) {
}
