package kr.seoul.sane.notification.intake;

/** A status change arrived before the proposal's own events: retried with back-off (EventListeners), then dead-lettered. */
class ContactNotYetKnownException extends RuntimeException {
    ContactNotYetKnownException(String proposalId) {
        super("no applicant contact yet for proposal " + proposalId);
    }
}
