package kr.seoul.sane.catalog.proposals;

import java.util.List;

import kr.seoul.sane.events.Envelope;
import tools.jackson.databind.JsonNode;

/**
 * Another read model fed from the records {@link ProposalEventHandler} polls, read once for both (the transparency
 * ledger): one consumer group and one envelope parse per record instead of two.
 */
@FunctionalInterface
public interface ReadModelFollower {

    /**
     * Applies the batch's events in order; answers the index of the first one it cannot apply, after applying those
     * before it, or -1.
     *
     * @param topics the topic of each event, in the same order
     */
    int apply(List<String> topics, List<Envelope<JsonNode>> events);
}
