package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.model.FieldCatalog;
import kr.seoul.sane.proposal.model.OrganizationType;
import org.springframework.stereotype.Component;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules of architecture.md for a proposal, with Korean messages a person can act on. */
@Component
public class SubmissionValidator {

    // the rules in numbers, also shown in the OpenAPI schema of POST /api/proposals
    public static final int ORGANIZATION_MAX = 100;
    public static final int CONTACT_NAME_MAX = 50;
    public static final int EMAIL_MAX = 254;
    public static final int PHONE_MAX = 20;
    public static final int TITLE_MIN = 5;
    public static final int TITLE_MAX = 200;
    public static final int CONTENT_MIN = 20;
    public static final int CONTENT_MAX = 10_000;
    /** Korean numbers: Seoul 02, other area codes, mobile 01x, 070, 050x, and 15xx/16xx/18xx representative lines. */
    public static final String PHONE_PATTERN = "^(02-?\\d{3,4}-?\\d{4}"
            + "|0(3[1-3]|4[1-4]|5[1-5]|6[1-4])-?\\d{3,4}-?\\d{4}"
            + "|01[016789]-?\\d{3,4}-?\\d{4}"
            + "|070-?\\d{4}-?\\d{4}"
            + "|050\\d-?\\d{3,4}-?\\d{4}"
            + "|1[5-9]\\d{2}-?\\d{4})$";
    /** E-mail address syntax. */
    public static final String EMAIL_PATTERN =
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$";
    private static final Pattern PHONE = Pattern.compile(PHONE_PATTERN);
    private static final Pattern EMAIL = Pattern.compile(EMAIL_PATTERN);
    private static final Pattern MARKUP = Pattern.compile("<\\s*/?\\s*[A-Za-z!?][^>]*>");
    // control characters, line breaks and invisible characters: see TextChars (one scan per field and rule)

    private final FieldCatalog fields;

    public SubmissionValidator(FieldCatalog fields) {
        this.fields = fields;
    }

    /** Validation outcome: either errors, or the normalised proposal. */
    public record Outcome(List<ApiError> errors, ValidProposal proposal) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Outcome validate(ProposalSubmission raw) {
        List<ApiError> errors = new ArrayList<>();
        ProposalSubmission s = normalised(errors, raw);
        String organization = singleLine(errors, "organization", s.organization(), "기관·단체명", 1, ORGANIZATION_MAX);
        OrganizationType type = null;
        if (blank(s.organizationType())) {
            errors.add(new ApiError("organizationType", "기관 유형을 선택해 주세요."));
        } else {
            type = OrganizationType.parse(s.organizationType().trim());
            if (type == null) {
                errors.add(new ApiError("organizationType",
                        "기관 유형은 기업, 비영리단체, 대학, 공공기관, 개인, 해외기관 중 하나를 선택해 주세요."));
            }
        }
        String contactName = singleLine(errors, "contactName", s.contactName(), "담당자 이름", 1, CONTACT_NAME_MAX);
        String email = null;
        if (blank(s.email())) {
            errors.add(new ApiError("email", "이메일을 입력해 주세요."));
        } else {
            String e = s.email().trim();
            if (e.length() > EMAIL_MAX || !EMAIL.matcher(e).matches()) {
                errors.add(new ApiError("email", "이메일 주소 형식이 올바르지 않습니다. 예: name@example.org"));
            } else {
                email = e;
            }
        }
        String phone = null;
        if (blank(s.phone())) {
            errors.add(new ApiError("phone", "연락처를 입력해 주세요."));
        } else {
            String p = s.phone().trim().replace(' ', '-');
            if (p.length() > PHONE_MAX || !PHONE.matcher(p).matches()) {
                errors.add(new ApiError("phone", "연락처는 02-1234-5678 또는 010-1234-5678 형식의 국내 번호로 입력해 주세요."));
            } else {
                phone = p;
            }
        }
        String title = singleLine(errors, "title", s.title(), "제목", TITLE_MIN, TITLE_MAX);
        String content = multiLine(errors, "content", s.content(), "제안내용", CONTENT_MIN, CONTENT_MAX);
        String field = null;
        if (!blank(s.field())) {
            String f = s.field().trim();
            if (fields.contains(f)) {
                field = f;
            } else {
                errors.add(new ApiError("field", "분야는 목록에 있는 값 중 하나를 선택하거나 '잘 모르겠어요'를 선택해 주세요."));
            }
        }
        if (!Boolean.TRUE.equals(s.consent())) {
            errors.add(new ApiError("consent", "개인정보 수집·이용에 동의해야 제안을 접수할 수 있습니다."));
        }
        String language = "ko";
        if (s.language() != null && !s.language().isBlank()) {
            String l = s.language().trim().toLowerCase(Locale.ROOT);
            if (l.equals("ko") || l.equals("en")) {
                language = l;
            } else {
                errors.add(new ApiError("language", "언어는 ko 또는 en 이어야 합니다."));
            }
        }
        if (!errors.isEmpty()) {
            // one message per field: a refused character is not also reported as a missing value
            java.util.Set<String> seen = new java.util.HashSet<>();
            errors.removeIf(e -> e.field() != null && !seen.add(e.field()));
            return new Outcome(List.copyOf(errors), null);
        }
        return new Outcome(List.of(),
                new ValidProposal(organization, type, contactName, email, phone, title, content, field, language));
    }

    /**
     * Unicode rules shared by every text field, before the field rules: text is normalised to NFC (decomposed
     * Korean from macOS or pasted text becomes the usual precomposed syllables, so it is stored, compared and shown
     * the same way); a lone surrogate (not a character at all) or an invisible disguising character is refused
     * with a per-field 400 and the field is then treated as absent.
     */
    private static ProposalSubmission normalised(List<ApiError> errors, ProposalSubmission s) {
        String[] names = {"organization", "organizationType", "contactName", "email", "phone", "title", "content",
                "field", "language"};
        String[] values = {s.organization(), s.organizationType(), s.contactName(), s.email(), s.phone(), s.title(),
                s.content(), s.field(), s.language()};
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (v == null) {
                continue;
            }
            if (hasLoneSurrogate(v)) {
                errors.add(new ApiError(names[i], "입력값에 올바르지 않은 문자(깨진 유니코드)가 있습니다. 다시 입력해 주세요."));
                values[i] = null;
                continue;
            }
            if (TextChars.hasControl(v)) {
                // checked before trimming: a NUL or escape at the end is refused, not silently cut off
                errors.add(new ApiError(names[i], "입력값에 제어 문자(NUL 등)는 쓸 수 없습니다. 지우고 다시 입력해 주세요."));
                values[i] = null;
                continue;
            }
            if (TextChars.hasInvisible(v)) {
                errors.add(new ApiError(names[i],
                        "입력값에 보이지 않는 문자(폭 없는 공백, 방향 표시 등)가 있습니다. 지우고 다시 입력해 주세요."));
                values[i] = null;
                continue;
            }
            values[i] = Normalizer.normalize(v, Normalizer.Form.NFC);
        }
        return new ProposalSubmission(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                values[7], s.consent(), values[8]);
    }

    private static boolean hasLoneSurrogate(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String singleLine(List<ApiError> errors, String name, String raw, String label, int min, int max) {
        if (blank(raw)) {
            errors.add(new ApiError(name, label + "을(를) 입력해 주세요."));
            return null;
        }
        String v = raw.strip();
        if (TextChars.hasControl(v) || TextChars.hasLineBreak(v)) {
            errors.add(new ApiError(name, label + "에 줄바꿈이나 제어 문자는 쓸 수 없습니다."));
            return null;
        }
        return checked(errors, name, v, label, min, max);
    }

    private static String multiLine(List<ApiError> errors, String name, String raw, String label, int min, int max) {
        if (blank(raw)) {
            errors.add(new ApiError(name, label + "을(를) 입력해 주세요."));
            return null;
        }
        String v = raw.strip().replace("\r\n", "\n");
        if (TextChars.hasControl(v)) {
            errors.add(new ApiError(name, label + "에 제어 문자는 쓸 수 없습니다."));
            return null;
        }
        return checked(errors, name, v, label, min, max);
    }

    private static String checked(List<ApiError> errors, String name, String v, String label, int min, int max) {
        int length = v.codePointCount(0, v.length());
        if (length < min) {
            errors.add(new ApiError(name, label + "은(는) " + min + "자 이상 입력해 주세요. (현재 " + length + "자)"));
            return null;
        }
        if (length > max) {
            errors.add(new ApiError(name, label + "은(는) " + max + "자 이하로 입력해 주세요. (현재 " + length + "자)"));
            return null;
        }
        if (v.indexOf('<') >= 0 && MARKUP.matcher(v).find()) {
            errors.add(new ApiError(name, label + "에 HTML 태그는 쓸 수 없습니다. 꺾쇠(< >)로 감싼 부분을 지워 주세요."));
            return null;
        }
        return v;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
