package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.catalog.curation.CatalogEventLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the transparency read model from Kafka: drops {@code transparency_proposals} and replays the three
 * proposal topics from offset 0 (no consumer group: the live listener keeps its offsets) through the same
 * {@link ResponseLedger} writes, 500 records a bulk write. The live listener may apply an event during the replay;
 * the event-id guard makes the second application a no-op, so the result is the same.
 */
@Component
public class TransparencyRebuild {

    private static final Logger log = LoggerFactory.getLogger(TransparencyRebuild.class);
    private static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final CatalogEventLog eventLog;
    private final ResponseLedger ledger;
    private final TransparencySnapshots snapshots;

    TransparencyRebuild(MongoTemplate mongo, CatalogEventLog eventLog, ResponseLedger ledger,
                        TransparencySnapshots snapshots) {
        this.mongo = mongo;
        this.eventLog = eventLog;
        this.ledger = ledger;
        this.snapshots = snapshots;
    }

    /** What a rebuild did: events replayed, unreadable ones skipped, proposals in the read model afterwards. */
    public record Result(int events, int skipped, long proposals, long millis) {
    }

    public synchronized Result rebuild() {
        long start = System.nanoTime();
        mongo.dropCollection(ProposalTrack.COLLECTION);
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(BATCH);
        int[] skipped = {0};
        int events = eventLog.replay(ResponseLedger.TOPICS, "catalog-service-transparency-replay", record -> {
            batch.add(record);
            if (batch.size() == BATCH) {
                skipped[0] += ledger.replayed(batch);
                batch.clear();
            }
        });
        skipped[0] += ledger.replayed(batch);
        snapshots.invalidate();
        Result result = new Result(events, skipped[0], mongo.getCollection(ProposalTrack.COLLECTION).countDocuments(),
                (System.nanoTime() - start) / 1_000_000);
        log.info("transparency read model rebuilt from the proposal topics: {}", result);
        return result;
    }
}
