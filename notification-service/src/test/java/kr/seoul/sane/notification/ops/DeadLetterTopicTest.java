package kr.seoul.sane.notification.ops;

import kr.seoul.sane.contracts.EventContracts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTopicTest {

    @Test
    void theNameGivesTheSourceTopicAndTheServiceOfEachServicesDeadLetterTopic() {
        assertThat(DeadLetterTopic.parse("error.proposal.submitted.routing-service")).hasValueSatisfying(t -> {
            assertThat(t.sourceTopic()).isEqualTo("proposal.submitted");
            assertThat(t.service()).isEqualTo("routing-service");
            assertThat(t.replayTarget()).hasValue("proposal.submitted");
        });
        assertThat(DeadLetterTopic.parse("error.notification.delivered.proposal-service").orElseThrow().replayTarget())
                .hasValue("notification.delivered");
        // catalog-service's curation group is <instance>-curation
        assertThat(DeadLetterTopic.parse("error.catalog.case-published.catalog-service-2-curation")).hasValueSatisfying(t -> {
            assertThat(t.group()).isEqualTo("catalog-service-2-curation");
            assertThat(t.service()).isEqualTo("catalog-service");
            assertThat(t.replayTarget()).hasValue("catalog.case-published");
        });
        assertThat(DeadLetterTopic.parse("error.proposal.routed.catalog-service-transparency").orElseThrow().service())
                .isEqualTo("catalog-service");
    }

    @Test
    void onlyATopicThePlatformConsumesDeadLetteredByOneOfItsServicesIsAReplayTarget() {
        assertThat(DeadLetterTopic.parse("error.proposal.unknown.catalog-service").orElseThrow().replayTarget()).isEmpty();
        assertThat(DeadLetterTopic.parse("error.proposal.submitted.intruder").orElseThrow().replayTarget()).isEmpty();
        assertThat(DeadLetterTopic.parse("error.orphan")).hasValueSatisfying(t -> {
            assertThat(t.sourceTopic()).isNull();
            assertThat(t.service()).isNull();
            assertThat(t.replayTarget()).isEmpty();
        });
        assertThat(DeadLetterTopic.parse("proposal.submitted")).isEmpty();
        assertThat(DeadLetterTopic.parse("error.proposal.submitted.routing-service/../x")).isEmpty();
        assertThat(DeadLetterTopic.parse("error." + "a".repeat(250))).isEmpty();
        assertThat(DeadLetterTopic.parse(null)).isEmpty();
    }

    @Test
    void theConsumedTopicsAreTheEventTypesOfTheContract() {
        assertThat(DeadLetterTopic.CONSUMED_TOPICS).containsExactlyInAnyOrderElementsOf(EventContracts.EVENT_TYPES);
    }

    @Test
    void aFilterKeepsTheTopicsOfOneServiceAndOneSourceTopic() {
        DeadLetterTopic routing = DeadLetterTopic.parse("error.proposal.submitted.routing-service").orElseThrow();
        DeadLetterTopic notification = DeadLetterTopic.parse("error.proposal.routed.notification-service").orElseThrow();
        assertThat(new DeadLetterFilter(" ", null)).accepts(routing, notification);
        assertThat(new DeadLetterFilter("routing-service", "")).accepts(routing).rejects(notification);
        assertThat(new DeadLetterFilter(null, "proposal.routed")).accepts(notification).rejects(routing);
        assertThat(new DeadLetterFilter("<script>", null).invalidField()).isEqualTo("service");
        assertThat(new DeadLetterFilter("routing-service", "a b").invalidField()).isEqualTo("topic");
        assertThat(new DeadLetterFilter("routing-service", "proposal.routed").valid()).isTrue();
    }
}
