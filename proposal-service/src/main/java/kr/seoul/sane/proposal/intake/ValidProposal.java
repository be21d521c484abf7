package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.proposal.model.OrganizationType;

/** A submission that passed validation: trimmed, normalised values. */
public record ValidProposal(
        String organization,
        OrganizationType organizationType,
        String contactName,
        String email,
        String phone,
        String title,
        String content,
        String field,
        String language) {
}
