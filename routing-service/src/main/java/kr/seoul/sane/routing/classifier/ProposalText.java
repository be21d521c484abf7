package kr.seoul.sane.routing.classifier;

/**
 * What the classifier reads of a proposal. {@code field} is the 분야 the applicant picked (may be null),
 * {@code suspicious} the anti-spam flag set at intake.
 */
public record ProposalText(String title, String content, String field, String organizationType,
                           String organization, boolean suspicious) {

    public ProposalText {
        title = title == null ? "" : title;
        content = content == null ? "" : content;
    }
}
