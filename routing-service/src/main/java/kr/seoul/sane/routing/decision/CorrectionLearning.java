package kr.seoul.sane.routing.decision;

import kr.seoul.sane.routing.classifier.LearnedExample;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * What the classifier learns from people: an operator's assignment or a department's transfer becomes a learned
 * example of its department, a "not a proposal" verdict a negative one; each is stored in {@code learned_examples}
 * (title and content only) and taught to the classifier at once.
 */
@Component
class CorrectionLearning {

    private final RoutingClassifier classifier;
    private final LearnedExampleRepository learnedExamples;
    private final Clock clock;

    CorrectionLearning(RoutingClassifier classifier, LearnedExampleRepository learnedExamples, Clock clock) {
        this.classifier = classifier;
        this.learnedExamples = learnedExamples;
        this.clock = clock;
    }

    /** The decision's proposal as an example of its department; {@code source} says who confirmed it. */
    void routing(RoutingDecision d, String source) {
        String title = text(d, "title");
        String content = text(d, "content");
        learnedExamples.save(new LearnedExampleRecord(d.proposalId(), title, content, d.departmentCode(), source,
                clock.instant()));
        classifier.learn(new LearnedExample(title, content, d.departmentCode()));
    }

    /** The decision's proposal as a text that is not a cooperation proposal. */
    void notAProposal(RoutingDecision d) {
        String title = text(d, "title");
        String content = text(d, "content");
        learnedExamples.save(new LearnedExampleRecord(d.proposalId(), title, content, null,
                LearnedExampleRecord.NOT_A_PROPOSAL, clock.instant()));
        classifier.learnNotAProposal(title, content);
    }

    private static String text(RoutingDecision d, String field) {
        Object value = d.proposal() == null ? null : d.proposal().get(field);
        return value == null ? "" : String.valueOf(value);
    }
}
