package kr.seoul.sane.routing.decision;

import kr.seoul.sane.events.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.List;

/**
 * Handles {@code proposal.personal-data-erased}: the personal fields of the stored decision's proposal snapshot are
 * removed ({@link PersonalDataEraser}), so a later {@code proposal.routed} carries none; a tombstone
 * ({@link ErasedProposals}) covers an erasure that comes before the proposal's submission event. Learned examples
 * hold title and content only and stay. Idempotent on the eventId, and the erasure itself changes an anonymised snapshot no
 * more.
 */
@Component
class ErasureHandler {

    private static final Logger log = LoggerFactory.getLogger(ErasureHandler.class);
    private static final String TYPE = "proposal.personal-data-erased";

    private final PersonalDataEraser eraser;
    private final ErasedProposals tombstones;
    private final DecisionStore store;
    private final ProcessedEvents processed;
    private final Clock clock;

    ErasureHandler(PersonalDataEraser eraser, ErasedProposals tombstones, DecisionStore store,
                   ProcessedEvents processed, Clock clock) {
        this.eraser = eraser;
        this.tombstones = tombstones;
        this.store = store;
        this.processed = processed;
        this.clock = clock;
    }

    /**
     * @param event a {@code proposal.personal-data-erased} event (the reader refuses one without eventId or
     *              proposalId: a dead letter)
     */
    void onPersonalDataErased(Envelope<JsonNode> event) {
        String eventId = event.eventId();
        String proposalId = event.proposalId();
        if (processed.contains(eventId)) {
            log.debug("event {} for proposal {} already handled", eventId, proposalId);
            return;
        }
        // the tombstone first: a decision stored from now on is stripped by the router itself
        tombstones.record(proposalId, clock.instant());
        long erased = eraser.erase(List.of(proposalId), PersonalDataEraser.Trigger.ERASURE, clock.instant());
        if (erased > 0) {
            log.info("personal data of proposal {} erased from its routing decision", proposalId);
        } else if (store.find(proposalId).isEmpty()) {
            log.info("erasure of proposal {} came before its routing: the decision will be stored without the contact",
                    proposalId);
        } else {
            log.info("personal data of proposal {} were erased from its routing decision already", proposalId);
        }
        processed.add(eventId, TYPE);
    }
}
