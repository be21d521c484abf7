package kr.seoul.sane.catalog.search;

import kr.seoul.sane.catalog.cases.Scope;

/** What a visitor asks of the case list: free text, field, scope, main cases only, and a page. */
public record CaseQuery(String text, String field, Scope scope, boolean mainOnly, int page, int size) {
}
