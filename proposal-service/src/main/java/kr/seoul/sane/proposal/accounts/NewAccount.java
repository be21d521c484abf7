package kr.seoul.sane.proposal.accounts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** What an ADMIN types to create an account; {@link #problems()} are the Korean messages of what is wrong. */
public record NewAccount(String username, String displayName, String role, String password) {

    public static final int MIN_PASSWORD = 12;
    /** bcrypt hashes at most 72 bytes (Spring Security refuses to encode more). */
    public static final int MAX_PASSWORD_BYTES = 72;
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");

    /** The trimmed values (the password as typed). */
    public NewAccount normalised() {
        return new NewAccount(strip(username), strip(displayName), strip(role), password == null ? "" : password);
    }

    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!USERNAME.matcher(username).matches()) {
            problems.put("username", "아이디는 영문 소문자나 숫자로 시작하고 영문 소문자·숫자·마침표(.)·밑줄(_)·하이픈(-)으로 "
                    + "된 3~32자여야 합니다.");
        }
        if (displayName.isEmpty() || displayName.length() > 50 || displayName.chars().anyMatch(Character::isISOControl)) {
            problems.put("displayName", "이름을 1~50자로 입력해 주세요.");
        }
        if (!role.equals("OPERATOR") && !role.equals("ADMIN")) {
            problems.put("role", "역할은 운영자(OPERATOR) 또는 관리자(ADMIN) 중 하나를 골라 주세요.");
        }
        if (password.length() < MIN_PASSWORD) {
            problems.put("password", "초기 비밀번호는 " + MIN_PASSWORD + "자 이상이어야 합니다. 지금 " + password.length()
                    + "자입니다.");
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            problems.put("password", "초기 비밀번호가 너무 깁니다. 영문·숫자는 72자, 한글은 24자까지 쓸 수 있습니다 (UTF-8 "
                    + MAX_PASSWORD_BYTES + "바이트).");
        } else if (password.strip().isEmpty()) {
            problems.put("password", "초기 비밀번호가 공백뿐입니다. 글자와 숫자를 섞어 입력해 주세요.");
        }
        return problems;
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
