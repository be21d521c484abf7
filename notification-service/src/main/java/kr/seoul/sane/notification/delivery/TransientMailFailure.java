package kr.seoul.sane.notification.delivery;

/** The SMTP server could not take the mail now (unreachable, timeout, 4xx): retry later. */
public class TransientMailFailure extends RuntimeException {

    public TransientMailFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
