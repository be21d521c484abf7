package kr.seoul.sane.infra.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which proposal id (the submit's answer) is which proposal of the run, so that a {@code proposal.triaged} event
 * completes the right one, also when the event arrives before the submit's answer.
 */
final class ProposalIds {

    private final Progress progress;
    private final Map<String, Integer> indexById = new ConcurrentHashMap<>();
    /** Triage events of ids not yet known, with the time they arrived. */
    private final Map<String, Long> triagedEarly = new ConcurrentHashMap<>();

    ProposalIds(Progress progress) {
        this.progress = progress;
    }

    /** The submit of proposal {@code index} answered with {@code id}. */
    void accepted(String id, int index) {
        indexById.put(id, index);
        Long early = triagedEarly.remove(id);
        if (early != null) {
            progress.reachedTriage(index, early);
        }
    }

    /** The proposal {@code id} reached triage at {@code now} (nanoTime). */
    void triaged(String id, long now) {
        Integer index = indexById.get(id);
        if (index != null) {
            progress.reachedTriage(index, now);
        } else {
            triagedEarly.put(id, now);
        }
    }
}
