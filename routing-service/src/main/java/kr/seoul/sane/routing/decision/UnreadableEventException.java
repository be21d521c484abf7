package kr.seoul.sane.routing.decision;

/** An incoming record that can never be handled (not JSON, no ids): it goes to the dead-letter topic at once. */
class UnreadableEventException extends IllegalArgumentException {

    UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
