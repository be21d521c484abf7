package kr.seoul.sane.proposal.intake;

/**
 * What an applicant sent, before validation; the same for the JSON API and the web form.
 * String fields are raw (untrimmed); a field that had the wrong JSON type is reported by the parser, not here.
 */
public record ProposalSubmission(
        String organization,
        String organizationType,
        String contactName,
        String email,
        String phone,
        String title,
        String content,
        String field,
        Boolean consent,
        String language) {
}
