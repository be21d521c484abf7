package kr.seoul.sane.notification.delivery;

/** The mail can never be delivered as it is (invalid address, SMTP 5xx): do not retry. */
public class PermanentMailFailure extends RuntimeException {

    public PermanentMailFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public PermanentMailFailure(String message) {
        super(message);
    }
}
