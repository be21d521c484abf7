package kr.seoul.sane.opssecurity.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/** The service's MongoDB database answers {@code ping}. */
class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabaseFactory databases;

    MongoPingHealthIndicator(MongoDatabaseFactory databases) {
        super("MongoDB health check failed");
        this.databases = databases;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var database = databases.getMongoDatabase();
        Document answer = database.runCommand(new Document("ping", 1));
        builder.up().withDetail("database", database.getName()).withDetail("ok", answer.get("ok"));
    }
}
