package kr.seoul.sane.routing.decision;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A routing an operator confirmed or corrected; fed back to the classifier at once and after every restart. */
@Document("learned_examples")
public record LearnedExampleRecord(@Id String proposalId, String title, String content, String departmentCode,
                                   String source, Instant learnedAt) {
}
