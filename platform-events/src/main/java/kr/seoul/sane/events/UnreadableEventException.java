package kr.seoul.sane.events;

/**
 * A record that can never be handled: not JSON, not an envelope, without the fields the consumer needs, or of
 * another type. Retrying cannot help; listeners send it to the dead-letter topic or skip it, and count it.
 */
public class UnreadableEventException extends IllegalArgumentException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
