package kr.seoul.sane.catalog.search;

import java.util.List;

/** One page of search results and how many matched in total. */
public record SearchPage<T>(List<T> items, long total) {
}
