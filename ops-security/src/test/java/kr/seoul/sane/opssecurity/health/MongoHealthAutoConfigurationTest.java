package kr.seoul.sane.opssecurity.health;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.mongodb.health.MongoHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one MongoDB health check of the services, against the embedded store the local platform runs on (which does
 * not know Boot's {@code hello}): UP with the database's name while it answers, DOWN once it is gone.
 */
class MongoHealthAutoConfigurationTest {

    private MongoServer store;
    private ApplicationContextRunner runner;

    @BeforeEach
    void startStore() {
        store = new MongoServer(new MemoryBackend());
        InetSocketAddress address = store.bind();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
                        DataMongoAutoConfiguration.class, MongoHealthContributorAutoConfiguration.class,
                        MongoHealthAutoConfiguration.class))
                .withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort()
                        + "/sane-test?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000");
    }

    @AfterEach
    void stopStore() {
        store.shutdownNow();
    }

    @Test
    void theEmbeddedStoreIsReportedUpByPingAndBootsHelloCheckBacksOff() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MongoHealthIndicator.class);
            HealthIndicator mongo = context.getBean(MongoHealthAutoConfiguration.BEAN, HealthIndicator.class);
            assertThat(mongo).isInstanceOf(MongoPingHealthIndicator.class);
            assertThat(mongo.health().getStatus()).isEqualTo(Status.UP);
            assertThat(mongo.health().getDetails()).containsEntry("database", "sane-test");
        });
    }

    @Test
    void aStoreThatIsGoneIsReportedDown() {
        runner.run(context -> {
            HealthIndicator mongo = context.getBean(MongoHealthAutoConfiguration.BEAN, HealthIndicator.class);
            store.shutdownNow();
            assertThat(mongo.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void aServiceWithItsOwnIndicatorKeepsIt() {
        HealthIndicator own = () -> org.springframework.boot.health.contributor.Health.outOfService().build();
        runner.withBean(MongoHealthAutoConfiguration.BEAN, HealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean(MongoHealthAutoConfiguration.BEAN)).isSameAs(own));
    }

    @Test
    void aServiceWithoutDatabaseGetsNoIndicator() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MongoHealthAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(MongoHealthAutoConfiguration.BEAN));
    }
}
