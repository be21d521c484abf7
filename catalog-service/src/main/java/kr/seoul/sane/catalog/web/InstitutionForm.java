package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.InstitutionKind;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import org.springframework.util.MultiValueMap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What an operator submits on the institution form, as typed (so the form can show it again on an error), with
 * its checks: Korean messages keyed by the field they belong to.
 */
public record InstitutionForm(String id, String name, String nameEn, String kind, List<String> fields,
                              String homepage, String description, String cooperationAreas, boolean hidden) {

    static final int MAX_ID = 64;
    static final int MAX_NAME = 200;
    static final int MAX_HOMEPAGE = 500;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_AREAS = 10;
    static final int MAX_AREA = 100;
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    public InstitutionForm {
        id = strip(id);
        name = strip(name);
        nameEn = strip(nameEn);
        kind = strip(kind);
        fields = fields == null ? List.of() : List.copyOf(fields);
        homepage = strip(homepage);
        description = strip(description);
        cooperationAreas = cooperationAreas == null ? "" : cooperationAreas.strip();
    }

    /** The form as posted; {@code id} is the new address name, or the path's for an existing institution. */
    static InstitutionForm from(String id, MultiValueMap<String, String> params) {
        return new InstitutionForm(id, params.getFirst("name"), params.getFirst("nameEn"), params.getFirst("kind"),
                params.get("fields"), params.getFirst("homepage"), params.getFirst("description"),
                params.getFirst("cooperationAreas"), "true".equals(params.getFirst("hidden")));
    }

    /** The form filled with a stored institution. */
    static InstitutionForm of(PartnerInstitution i) {
        return new InstitutionForm(i.id(), i.name(), i.nameEn(), i.kind() == null ? "" : i.kind().name(), i.fields(),
                i.homepage(), i.description(), String.join(", ", i.cooperationAreas()), i.hidden());
    }

    /** An empty form for a new institution. */
    static InstitutionForm empty() {
        return new InstitutionForm("", "", "", "", List.of(), "https://", "", "", false);
    }

    /** The areas as typed: separated by commas or line breaks. */
    List<String> areaList() {
        return Arrays.stream(cooperationAreas.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Korean messages per form field; empty when the institution can be saved. {@code idTaken} tells whether an id
     * already belongs to an institution (checked for new institutions only).
     */
    Map<String, String> problems(boolean isNew, Predicate<String> idTaken) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (isNew) {
            if (!SLUG.matcher(id).matches() || id.length() > MAX_ID) {
                errors.put("id", "주소 이름은 영문 소문자, 숫자, 하이픈(-)으로 64자 이내로 입력해 주세요.");
            } else if (idTaken.test(id)) {
                errors.put("id", "이미 쓰이는 주소 이름입니다. 다른 이름을 입력해 주세요.");
            }
        }
        if (name.isEmpty()) {
            errors.put("name", "기관 이름을 입력해 주세요.");
        } else if (name.length() > MAX_NAME) {
            errors.put("name", "기관 이름은 200자 이내로 입력해 주세요.");
        }
        if (nameEn.length() > MAX_NAME) {
            errors.put("nameEn", "영문 이름은 200자 이내로 입력해 주세요.");
        }
        if (kindValue() == null) {
            errors.put("kind", "기관 구분을 골라 주세요.");
        }
        if (fields.isEmpty() || !fields.stream().allMatch(CooperationField::isValidCode)) {
            errors.put("fields", "분야를 하나 이상 골라 주세요.");
        }
        if (!isWebAddress(homepage)) {
            errors.put("homepage", "누리집 주소는 http:// 또는 https:// 로 시작하는 500자 이내의 올바른 주소로 입력해 주세요.");
        }
        if (description.length() > MAX_DESCRIPTION) {
            errors.put("description", "소개는 1,000자 이내로 입력해 주세요.");
        }
        List<String> areas = areaList();
        if (areas.size() > MAX_AREAS || areas.stream().anyMatch(a -> a.length() > MAX_AREA)) {
            errors.put("cooperationAreas", "협력 분야는 10개까지, 하나에 100자 이내로 입력해 주세요.");
        }
        return errors;
    }

    /** The institution to send; call only when {@link #problems} is empty. */
    PartnerInstitution toInstitution() {
        return new PartnerInstitution(id, name, nameEn.isEmpty() ? null : nameEn, kindValue(),
                fields.stream().distinct().toList(), homepage, description.isEmpty() ? null : description,
                areaList(), hidden);
    }

    InstitutionKind kindValue() {
        return Arrays.stream(InstitutionKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(null);
    }

    /** An absolute http(s) address with a host name, no spaces, at most 500 characters. */
    static boolean isWebAddress(String value) {
        if (value.isEmpty() || value.length() > MAX_HOMEPAGE) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            return (scheme.equals("http") || scheme.equals("https")) && host != null
                    && (host.contains(".") || host.equals("localhost")) && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
