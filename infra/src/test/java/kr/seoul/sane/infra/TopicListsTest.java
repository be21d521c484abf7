package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kr.seoul.sane.contracts.EventContracts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One list of topics: the event types of the contracts (each is its Kafka topic), the topics the local launcher
 * creates ({@link KafkaTopics}), docker-compose's {@code kafka-init} and the Kubernetes topic Job must name the same
 * topics, and the three places that keep topics forever (the catalogue's curation topics, the department directory's) the same ones. Adding an event type
 * without adding its topic everywhere fails here (checklist: docs/conventions.md, "Adding an event type").
 */
class TopicListsTest {

    private static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private static final Pattern TOPIC_LOOP = Pattern.compile("for topic in (.*?); do", Pattern.DOTALL);

    @Test
    void theLauncherCreatesATopicForEveryEventType() {
        assertThat(KafkaTopics.TOPICS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(EventContracts.EVENT_TYPES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-compose.yml", "infra/k8s/kafka-topics-job.yaml"})
    void composeAndTheKubernetesJobCreateTheSameTopicsAndKeepTheSameOnesForever(String file) throws IOException {
        List<List<String>> loops = topicLoops(ROOT.resolve(file));
        assertThat(loops).as("the two topic loops of %s", file).hasSize(2);
        assertThat(loops.get(0)).as(file).containsExactlyInAnyOrderElementsOf(EventContracts.EVENT_TYPES);
        assertThat(loops.get(1)).as(file).containsExactlyInAnyOrderElementsOf(KafkaTopics.KEPT_FOREVER);
    }

    /** The words of each shell {@code for topic in …; do} loop of a file, in order. */
    static List<List<String>> topicLoops(Path file) throws IOException {
        Matcher loop = TOPIC_LOOP.matcher(Files.readString(file));
        List<List<String>> loops = new ArrayList<>();
        while (loop.find()) {
            loops.add(List.of(loop.group(1).replace("\\", " ").trim().split("\\s+")));
        }
        return loops;
    }
}
