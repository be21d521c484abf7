package kr.seoul.sane.routing.decision;

import kr.seoul.sane.routing.classifier.LearnedExample;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Gives the classifier every stored correction, transfer and "not a proposal" verdict when the service starts. */
@Component
class LearnedExamplesLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LearnedExamplesLoader.class);

    private final LearnedExampleRepository examples;
    private final RoutingClassifier classifier;

    LearnedExamplesLoader(LearnedExampleRepository examples, RoutingClassifier classifier) {
        this.examples = examples;
        this.classifier = classifier;
    }

    @Override
    public void run(ApplicationArguments args) {
        java.util.List<LearnedExample> confirmed = new java.util.ArrayList<>();
        examples.findAll().forEach(e -> {
            if (e.negative()) {
                classifier.learnNotAProposal(e.title(), e.content());
            } else {
                confirmed.add(new LearnedExample(e.title(), e.content(), e.departmentCode()));
            }
        });
        classifier.learnAll(confirmed);
        log.info("classifier knows {} learned examples and {} texts that are not proposals",
                classifier.learnedCount(), classifier.notAProposalCount());
    }
}
