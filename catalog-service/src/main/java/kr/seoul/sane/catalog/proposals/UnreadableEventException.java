package kr.seoul.sane.catalog.proposals;

/** An event that can never be handled (not JSON, or without its ids): it goes to the dead-letter topic at once. */
class UnreadableEventException extends IllegalArgumentException {

    UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
