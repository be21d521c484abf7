package kr.seoul.sane.catalog.proposals;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/** Counts derived from the proposal digests: proposals per field (분야) and per responsible department. */
@Component
public class ProposalStatistics {

    static final String UNSPECIFIED = "UNSPECIFIED";
    private final MongoTemplate mongo;

    public ProposalStatistics(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Map<String, Long> perField() {
        return countBy("field", Criteria.where("submittedAt").exists(true));
    }

    public Map<String, Long> perDepartment() {
        Map<String, Long> counts = countBy("departmentCode", Criteria.where("departmentCode").exists(true));
        counts.remove(UNSPECIFIED);
        return counts;
    }

    private Map<String, Long> countBy(String property, Criteria only) {
        Aggregation aggregation = Aggregation.newAggregation(Aggregation.match(only),
                Aggregation.group(property).count().as("count"));
        Map<String, Long> counts = new TreeMap<>();
        for (Document row : mongo.aggregate(aggregation, "proposals", Document.class).getMappedResults()) {
            Object key = row.get("_id");
            counts.put(key == null ? UNSPECIFIED : key.toString(), ((Number) row.get("count")).longValue());
        }
        return counts;
    }
}
