package kr.seoul.sane.routing.directory;

import kr.seoul.sane.routing.classifier.DepartmentDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The rules of a department's content (Korean messages), for the API and the page alike. */
final class DepartmentRules {

    static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,39}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final int MAX_REASON = 500;

    private DepartmentRules() {
    }

    static List<FieldError> code(String code) {
        return code != null && CODE.matcher(code).matches() ? List.of() : List.of(new FieldError("code",
                "부서 코드는 영문 대문자로 시작하고 영문 대문자, 숫자, 밑줄(_)만 쓴 2~40자로 입력해 주세요 (예: URBAN_FARMING)."));
    }

    /** Problems of {@code c} for department {@code code}; the name must differ from the other active departments'. */
    static List<FieldError> content(String code, DepartmentChange c, DepartmentDirectory directory) {
        List<FieldError> errors = new ArrayList<>();
        if (c == null) {
            errors.add(new FieldError(null, "요청 본문이 비어 있습니다."));
            return errors;
        }
        String name = strip(c.name());
        if (name.length() < 2 || name.length() > 50) {
            errors.add(new FieldError("name", "부서 이름은 2자 이상 50자 이하로 입력해 주세요."));
        } else if (directory.all().stream().anyMatch(d -> !d.code().equals(code) && d.name().equals(name))) {
            errors.add(new FieldError("name", "다른 부서가 이미 쓰는 이름입니다."));
        }
        String email = strip(c.email());
        if (email.isEmpty() || email.length() > 100 || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "부서 이메일 주소 형식이 올바르지 않습니다 (예: team@dept.seoul.example)."));
        }
        if (strip(c.office()).length() > 100) {
            errors.add(new FieldError("office", "소속(실·국)은 100자 이하로 입력해 주세요."));
        }
        if (c.fields() != null) {
            List<String> unknown = c.fields().stream().filter(f -> f == null || !directory.isField(f)).toList();
            if (!unknown.isEmpty()) {
                errors.add(new FieldError("fields", "알 수 없는 분야 코드입니다: " + String.join(", ",
                        unknown.stream().map(String::valueOf).toList()) + ". 신청서의 분야 코드 중에서 골라 주세요."));
            }
        }
        String responsibilities = strip(c.responsibilities());
        if (responsibilities.length() < 10 || responsibilities.length() > 2000) {
            errors.add(new FieldError("responsibilities", "담당 업무는 10자 이상 2,000자 이하로 입력해 주세요."));
        }
        if (c.keywords() != null && c.keywords().length() > 2000) {
            errors.add(new FieldError("keywords", "핵심어는 2,000자 이하로 입력해 주세요."));
        }
        if (c.notFor() != null && c.notFor().length() > 1000) {
            errors.add(new FieldError("notFor", "다른 부서 소관(notFor)은 1,000자 이하로 입력해 주세요."));
        }
        if (c.aliases() != null && c.aliases().length() > 2000) {
            errors.add(new FieldError("aliases", "영문 핵심어는 2,000자 이하로 입력해 주세요."));
        }
        errors.addAll(reason(c.reason(), false));
        return errors;
    }

    /** The reason of a change: up to 500 characters, required for a merge or a retirement. */
    static List<FieldError> reason(String reason, boolean required) {
        String r = strip(reason);
        if (required && r.isEmpty()) {
            return List.of(new FieldError("reason", "변경 사유를 입력해 주세요 (예: 2027년 조직 개편)."));
        }
        return r.length() > MAX_REASON ? List.of(new FieldError("reason", "변경 사유는 500자 이하로 입력해 주세요."))
                : List.of();
    }

    static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
