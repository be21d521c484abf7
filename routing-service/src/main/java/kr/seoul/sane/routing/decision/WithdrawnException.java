package kr.seoul.sane.routing.decision;

/** The applicant withdrew the proposal: it is not assigned or judged any more. */
public final class WithdrawnException extends RuntimeException {

    WithdrawnException(String proposalId) {
        super("proposal " + proposalId + " was withdrawn by the applicant");
    }
}
