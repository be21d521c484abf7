package kr.seoul.sane.notification.event;

import java.util.List;

/** Payload of {@code proposal.submitted}. */
public record ProposalSubmitted(ProposalSnapshot proposal, boolean suspicious, List<String> suspicionReasons) {
}
