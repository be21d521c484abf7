package kr.seoul.sane.routing.decision;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A routing an operator confirmed or corrected or a department transfer made ({@code source} OPERATOR / TRANSFER),
 * or a text an operator judged not to be a proposal ({@code source} NOT_A_PROPOSAL, no department); fed back to the
 * classifier at once and after every restart.
 */
@Document("learned_examples")
public record LearnedExampleRecord(@Id String proposalId, String title, String content, String departmentCode,
                                   String source, Instant learnedAt) {

    public static final String NOT_A_PROPOSAL = "NOT_A_PROPOSAL";

    boolean negative() {
        return NOT_A_PROPOSAL.equals(source);
    }
}
