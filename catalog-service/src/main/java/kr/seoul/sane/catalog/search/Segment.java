package kr.seoul.sane.catalog.search;

/** A piece of displayed text; {@code match} marks a search hit to be highlighted. */
public record Segment(String text, boolean match) {
}
