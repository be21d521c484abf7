package kr.seoul.sane.proposal.erasure;

/**
 * Why an erasure request or its confirmation was refused: the HTTP status, the field it concerns, a Korean message
 * and the key of the page's message ({@code erasure.error.<key>} in messages*.properties, {0} = a number).
 */
public class ErasureRefusal extends RuntimeException {

    private final int status;
    private final String field;
    private final String key;
    private final long number;

    ErasureRefusal(int status, String field, String key, long number, String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.key = key;
        this.number = number;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String key() {
        return key;
    }

    /** Remaining attempts (wrong code) or seconds until a new code may be requested (429). */
    public long number() {
        return number;
    }
}
