package kr.seoul.sane.proposal.model;

import java.util.regex.Pattern;

/**
 * Masks for the personal fields (contact name, e-mail, phone) wherever something about a proposal or a failure is
 * written to a log: log lines carry ids and tracking codes, never the values an applicant typed. Exceptions are
 * described by class and scrubbed message only (a messaging exception's {@code toString()} would add the whole
 * failed message, i.e. the event with the applicant's contact data).
 */
public final class PersonalData {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*");
    private static final Pattern PHONE = Pattern.compile(
            "(?<!\\d)(?:0\\d{1,3}[- .]?\\d{3,4}[- .]?\\d{4}|1[5-9]\\d{2}-?\\d{4})(?!\\d)");
    private static final int MAX_MESSAGE = 300;

    private PersonalData() {
    }

    /** {@code kim.seoyeon@example.org} → {@code k***@example.org}. */
    public static String maskEmail(String email) {
        if (email == null || email.isEmpty()) {
            return "";
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code 010-1234-5678} → {@code ***-****-5678}: only the last four digits stay. */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return "";
        }
        String digits = phone.replaceAll("\\D", "");
        return digits.length() < 4 ? "***" : "***-****-" + digits.substring(digits.length() - 4);
    }

    /** {@code 김서연} → {@code 김**}. */
    public static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    /** Free text with every e-mail address and phone number in it masked. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(maskEmail(m.group())));
        masked = PHONE.matcher(masked).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(maskPhone(m.group())));
        return masked.length() > MAX_MESSAGE ? masked.substring(0, MAX_MESSAGE) + "…" : masked;
    }

    /** An exception for a log line: its class and scrubbed message, then the same for its root cause. */
    public static String describe(Throwable e) {
        if (e == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            out.append(": ").append(scrub(e.getMessage()));
        }
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        if (root != e) {
            out.append(" (cause ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null) {
                out.append(": ").append(scrub(root.getMessage()));
            }
            out.append(')');
        }
        return out.toString();
    }
}
