package kr.seoul.sane.notification.event;

/** An event that can never be handled (unreadable or missing required fields): not retried, sent to the DLQ. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidEventException(String message) {
        super(message);
    }
}
