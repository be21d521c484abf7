package kr.seoul.sane.proposal.accounts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused account change: {@code status} 400 (input, one Korean message per field), 404 (no such console account)
 * or 409 (name taken, a configured account, one's own account).
 */
public final class AccountProblem extends RuntimeException {

    private final int status;
    private final Map<String, String> errors;

    AccountProblem(int status, Map<String, String> errors) {
        super(String.join(" ", errors.values()));
        this.status = status;
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    static AccountProblem of(int status, String field, String message) {
        return new AccountProblem(status, field == null ? Map.of("", message) : Map.of(field, message));
    }

    public int status() {
        return status;
    }

    /** Korean messages by field ({@code ""} = not about one field). */
    public Map<String, String> errors() {
        return errors;
    }
}
