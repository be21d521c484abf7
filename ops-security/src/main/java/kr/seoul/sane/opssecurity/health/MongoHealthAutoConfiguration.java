package kr.seoul.sane.opssecurity.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * MongoDB health by {@code ping} in every service with a database. Boot's own indicator sends {@code hello}, which
 * the embedded wire-compatible store of the local platform (mongo-java-server) does not know, so it would report
 * DOWN while the store works; {@code ping} is answered by it and by every MongoDB. Registered under Boot's bean name,
 * so Boot's indicator backs off; {@code management.health.mongodb.enabled} therefore no longer matters.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@ConditionalOnClass({MongoDatabaseFactory.class, AbstractHealthIndicator.class})
@ConditionalOnBean(MongoDatabaseFactory.class)
public class MongoHealthAutoConfiguration {

    /** The bean name Boot's MongoDB health auto-configuration looks for before it adds its own. */
    static final String BEAN = "mongoHealthIndicator";

    @Bean(BEAN)
    @ConditionalOnMissingBean(name = {BEAN, "mongoHealthContributor"})
    AbstractHealthIndicator mongoHealthIndicator(MongoDatabaseFactory databases) {
        return new MongoPingHealthIndicator(databases);
    }
}
