package kr.seoul.sane.catalog.transparency;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the transparency read model's facts about some proposals, e.g. whether and when they closed. */
@Component
public class ProposalTracks {

    private final MongoTemplate mongo;

    public ProposalTracks(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * The tracks of these proposals (ids as stored: ObjectId or text, in ascending order), keyed by the id's text;
     * one read. A proposal the read model does not know is missing from the map.
     */
    public Map<String, ProposalTrack> byId(List<?> ascendingIds) {
        Map<String, ProposalTrack> tracks = new HashMap<>();
        if (ascendingIds.isEmpty()) {
            return tracks;
        }
        // the range first: a store without an index for it (the embedded one) tests the id list only inside it
        Query query = Query.query(Criteria.where("_id").gte(ascendingIds.getFirst()).lte(ascendingIds.getLast())
                .in(ascendingIds));
        query.fields().include("_id", "submittedAt", "changes");
        for (Document d : mongo.find(query, Document.class, ProposalTrack.COLLECTION)) {
            ProposalTrack track = ProposalTrack.from(d);
            tracks.put(track.id(), track);
        }
        return tracks;
    }
}
