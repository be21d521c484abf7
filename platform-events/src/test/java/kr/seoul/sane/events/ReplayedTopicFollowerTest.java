package kr.seoul.sane.events;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayedTopicFollowerTest {

    private static final String TYPE = "department.directory-changed";

    @Test
    void appliesReadableVersionsAndCountsAndSkipsTheRest() {
        List<String> taken = new ArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReplayedTopicFollower follower = new ReplayedTopicFollower(TYPE, new EnvelopeReader(), event -> {
            String code = event.payload().path("department").path("code").asString(null);
            if (code == null) {
                throw new UnreadableEventException(TYPE + " without department code");
            }
            return taken.add(code) && !code.equals("OLD");
        }).counted(meters, "sane.test.directory.changes", "the directory");

        follower.onMessage(List.of(
                record("{\"eventId\":\"e1\",\"type\":\"" + TYPE + "\",\"proposalId\":\"A\",\"payload\":{\"department\":{\"code\":\"A\"}}}"),
                record("not json"),
                record("{\"eventId\":\"e2\",\"proposalId\":\"B\",\"payload\":{\"department\":{}}}"),
                record("{\"eventId\":\"e3\",\"type\":\"proposal.routed\",\"proposalId\":\"C\",\"payload\":{\"department\":{\"code\":\"C\"}}}"),
                record("{\"eventId\":\"e4\",\"proposalId\":\"OLD\",\"payload\":{\"department\":{\"code\":\"OLD\"}}}")),
                (org.springframework.kafka.support.Acknowledgment) null);

        assertThat(taken).containsExactly("A", "OLD");
        assertThat(meters.get("sane.test.directory.changes").tag("outcome", "applied").counter().count()).isEqualTo(1);
        assertThat(meters.get("sane.test.directory.changes").tag("outcome", "unreadable").counter().count())
                .isEqualTo(3);
    }

    @Test
    void everyContainerReadsInAGroupOfItsOwnAndCommitsNothing() {
        ReplayedTopicFollower follower = new ReplayedTopicFollower(TYPE, new EnvelopeReader(), event -> true);
        var consumers = new org.springframework.kafka.core.DefaultKafkaConsumerFactory<String, byte[]>(
                java.util.Map.of());
        var one = ReplayedTopicFollower.container(consumers, "x-service-directory", TYPE, follower);
        var two = ReplayedTopicFollower.container(consumers, "x-service-directory", TYPE, follower);
        assertThat(one.getContainerProperties().getGroupId()).startsWith("x-service-directory-")
                .isNotEqualTo(two.getContainerProperties().getGroupId());
        assertThat(one.getContainerProperties().getAckMode())
                .isEqualTo(org.springframework.kafka.listener.ContainerProperties.AckMode.MANUAL);
        assertThat(one.getContainerProperties().getTopics()).containsExactly(TYPE);
    }

    private static ConsumerRecord<String, byte[]> record(String json) {
        return new ConsumerRecord<>(TYPE, 0, 0, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
