package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    @Test
    void theCatalogueTopicsAreCreatedWithUnlimitedRetention() {
        assertThat(KafkaTopics.TOPICS).containsAll(KafkaTopics.KEPT_FOREVER).doesNotHaveDuplicates();
        for (String name : KafkaTopics.KEPT_FOREVER) {
            NewTopic created = KafkaTopics.newTopic(name);
            assertThat(created.configs()).as(name)
                    .containsEntry("retention.ms", "-1")
                    .containsEntry("retention.bytes", "-1");
            assertThat(created.numPartitions()).isEqualTo(KafkaTopics.PARTITIONS);
        }
    }

    @Test
    void theOtherTopicsKeepTheBrokersRetention() {
        NewTopic submitted = KafkaTopics.newTopic("proposal.submitted");
        assertThat(submitted.configs() == null || submitted.configs().isEmpty()).isTrue();
        assertThat(KafkaTopics.newTopic("catalog.suggested").configs() == null
                || KafkaTopics.newTopic("catalog.suggested").configs().isEmpty()).isTrue();
    }

    @Test
    void anExistingCatalogueTopicWithTheDefaultRetentionIsChangedAndOnlyWhatDiffers() {
        Map<ConfigResource, Config> current = Map.of(
                topic("catalog.case-published"), new Config(List.of(new ConfigEntry("retention.ms", "604800000"),
                        new ConfigEntry("retention.bytes", "-1"))),
                topic("catalog.institution-upserted"), new Config(List.of(new ConfigEntry("retention.ms", "-1"),
                        new ConfigEntry("retention.bytes", "-1"))),
                topic("catalog.case-withdrawn"), new Config(List.of()),
                topic("proposal.submitted"), new Config(List.of(new ConfigEntry("retention.ms", "604800000"))));

        Map<ConfigResource, List<AlterConfigOp>> fixes = KafkaTopics.retentionFixes(current);

        assertThat(fixes).containsOnlyKeys(topic("catalog.case-published"), topic("catalog.case-withdrawn"));
        assertThat(fixes.get(topic("catalog.case-published"))).singleElement().satisfies(op -> {
            assertThat(op.opType()).isEqualTo(AlterConfigOp.OpType.SET);
            assertThat(op.configEntry().name()).isEqualTo("retention.ms");
            assertThat(op.configEntry().value()).isEqualTo("-1");
        });
        assertThat(fixes.get(topic("catalog.case-withdrawn")))
                .extracting(op -> op.configEntry().name() + "=" + op.configEntry().value())
                .containsExactly("retention.bytes=-1", "retention.ms=-1");
    }

    @Test
    void catalogueTopicsThatAlreadyKeepEverythingNeedNoChange() {
        Map<ConfigResource, Config> current = Map.of(topic("catalog.case-published"),
                new Config(List.of(new ConfigEntry("retention.ms", "-1"), new ConfigEntry("retention.bytes", "-1"))));
        assertThat(KafkaTopics.retentionFixes(current)).isEmpty();
    }
}
