package kr.seoul.sane.proposal.model;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MongoDB health with {@code ping}: Boot's own check sends {@code hello}, which the embedded wire-compatible store
 * of the local platform does not know, so it would report DOWN although the store works.
 */
@Configuration(proxyBeanMethods = false)
class MongoHealth {

    @Bean("mongoHealthContributor")
    AbstractHealthIndicator mongoHealthContributor(MongoClient client,
                                                   @Value("${spring.mongodb.database:sane-proposal}") String database) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                client.getDatabase(database).runCommand(new Document("ping", 1));
                builder.up().withDetail("database", database);
            }
        };
    }
}
