package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.field.CooperationField;

import java.util.ArrayList;
import java.util.List;

/** Checked list parameters shared by the catalogue APIs: q, field, scope, page (from 0) and size (1–500). */
record ListParameters(String q, String field, Scope scope, boolean mainOnly, int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 500;
    static final int MAX_QUERY_LENGTH = 200;
    static final int MAX_PAGE = 100_000;

    static ListParameters parse(String q, String field, String scope, String main, String page, String size) {
        List<FieldMessage> errors = new ArrayList<>();
        String text = q == null ? null : q.strip();
        if (text != null && text.length() > MAX_QUERY_LENGTH) {
            errors.add(new FieldMessage("q", "검색어는 " + MAX_QUERY_LENGTH + "자 이하로 입력해 주세요."));
        }
        if (text != null && text.chars().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
            errors.add(new FieldMessage("q", "검색어에 사용할 수 없는 제어 문자가 있습니다."));
        }
        String fieldCode = blankToNull(field);
        if (fieldCode != null && !CooperationField.isValidCode(fieldCode)) {
            errors.add(new FieldMessage("field", "분야 코드가 올바르지 않습니다. 예: ENVIRONMENT_PARKS, WELFARE"));
        }
        String scopeCode = blankToNull(scope);
        Scope parsedScope = scopeCode == null ? null : Scope.fromCode(scopeCode).orElse(null);
        if (scopeCode != null && parsedScope == null) {
            errors.add(new FieldMessage("scope", "범위는 SEOUL, DOMESTIC, INTERNATIONAL 중 하나여야 합니다."));
        }
        String mainValue = blankToNull(main);
        if (mainValue != null && !mainValue.equals("true") && !mainValue.equals("false")) {
            errors.add(new FieldMessage("main", "main 값은 true 또는 false여야 합니다."));
        }
        int pageNumber = parseInt(page, 0, "page", "페이지 번호는 0 이상의 정수여야 합니다.", 0, MAX_PAGE, errors);
        int pageSize = parseInt(size, DEFAULT_SIZE, "size",
                "한 페이지 크기는 1부터 " + MAX_SIZE + " 사이의 정수여야 합니다.", 1, MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new ListParameters(text == null || text.isEmpty() ? null : text, fieldCode, parsedScope,
                "true".equals(mainValue), pageNumber, pageSize);
    }

    private static int parseInt(String value, int fallback, String name, String message, int min, int max,
                                List<FieldMessage> errors) {
        String v = blankToNull(value);
        if (v == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(v);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldMessage(name, message));
        return fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
