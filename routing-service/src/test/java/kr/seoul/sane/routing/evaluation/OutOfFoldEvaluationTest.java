package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.KFold;
import kr.seoul.sane.routing.classifier.LabelledItem;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.classifier.RoutingTrainer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The cross-validation of route-eval --cv measures every fold on items its models were not fitted on. */
class OutOfFoldEvaluationTest {

    @Test
    void foldsHoldEveryItemOutOnceAndNeverTrainOnIt() {
        KFold split = KFold.of(23, 5, 42);
        Set<Integer> seen = new HashSet<>();
        for (int f = 0; f < split.folds(); f++) {
            List<Integer> heldOut = split.heldOut(f);
            assertThat(heldOut).hasSizeBetween(4, 5);
            assertThat(split.training(f)).doesNotContainAnyElementsOf(heldOut).hasSize(23 - heldOut.size());
            heldOut.forEach(i -> assertThat(seen.add(i)).as("item %d held out twice", i).isTrue());
        }
        assertThat(seen).hasSize(23);
        KFold again = KFold.of(23, 5, 42);
        KFold other = KFold.of(23, 5, 43);
        boolean differs = false;
        for (int i = 0; i < 23; i++) {
            assertThat(again.foldOf(i)).isEqualTo(split.foldOf(i));
            differs |= other.foldOf(i) != split.foldOf(i);
        }
        assertThat(differs).as("another seed, another split").isTrue();
    }

    @Test
    void noHeldOutTextIsInItsFoldsTrainingDataAndTheFiguresAreReproducible() {
        RoutingClassifier classifier = RoutingClassifier.standard(RouteEvaluationCommand.configuredThreshold());
        List<LabelledItem> dev = LabelledItem.readResource("routing-training/routing-dev.jsonl");
        List<LabelledItem> bundled = OutOfFoldEvaluation.bundledExcept(dev);
        Set<String> devTexts = new HashSet<>();
        dev.forEach(i -> devTexts.add(i.text()));
        assertThat(bundled).noneMatch(i -> devTexts.contains(i.text()));

        OutOfFoldEvaluation.Result first = OutOfFoldEvaluation.run(classifier, dev, bundled, 5, 7);
        assertThat(first.folds()).hasSize(5);
        int heldOut = 0;
        for (OutOfFoldEvaluation.Fold fold : first.folds()) {
            Set<String> trained = new HashSet<>();
            fold.training().forEach(i -> trained.add(i.text()));
            assertThat(fold.heldOut()).noneMatch(i -> trained.contains(i.text()));
            assertThat(fold.training()).hasSize(bundled.size() + dev.size() - fold.heldOut().size());
            assertThat(fold.trained().detector().trainedOn()).isEqualTo(fold.training().size());
            heldOut += fold.heldOut().size();
        }
        assertThat(heldOut).isEqualTo(dev.size());
        assertThat(first.metrics().items()).isEqualTo(dev.size());

        OutOfFoldEvaluation.Result second = OutOfFoldEvaluation.run(classifier, dev, bundled, 5, 7);
        assertThat(second.metrics()).isEqualTo(first.metrics());
    }

    @Test
    void configuredThresholdIsTheThresholdRulesPickOnTheBundledSets() {
        RoutingClassifier classifier = RoutingClassifier.standard(RouteEvaluationCommand.configuredThreshold());
        RoutingTrainer.Trained fitted = new RoutingTrainer(classifier.directory(), classifier.analyzer(),
                classifier.settings(), RoutingTrainer.TRAINING_SEED).train(RoutingTrainer.bundledItems(), true);
        assertThat(fitted.threshold()).isEqualTo(RouteEvaluationCommand.configuredThreshold());
        assertThat(classifier.settings().autoThreshold()).isEqualTo(RouteEvaluationCommand.configuredThreshold());
    }
}
