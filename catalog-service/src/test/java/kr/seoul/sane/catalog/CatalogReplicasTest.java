package kr.seoul.sane.catalog;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.curation.CatalogCuration;
import kr.seoul.sane.catalog.search.CatalogIndex;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one Kafka and one MongoDB, as {@code --replicas 2} runs them: the proposal topics are shared in
 * the group catalog-service, while each instance reads every curation event in its own group, so a case an operator
 * publishes or withdraws through one instance reaches the search index of the other.
 */
@EmbeddedKafka(partitions = 2,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted"})
class CatalogReplicasTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        InetSocketAddress mongo = MONGO.bind();
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        first = instance(broker, mongo, "catalog-service");
        second = instance(broker, mongo, "catalog-service-2");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[]{second, first}) {
            if (context != null) {
                context.close();
            }
        }
        MONGO.shutdownNow();
    }

    private static ConfigurableApplicationContext instance(EmbeddedKafkaBroker broker, InetSocketAddress mongo,
                                                           String name) {
        return new SpringApplicationBuilder(CatalogServiceApplication.class).run(
                "--server.port=0", "--platform.child=" + name,
                "--spring.mongodb.uri=mongodb://" + mongo.getHostString() + ":" + mongo.getPort(),
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN");
    }

    @Test
    void aCaseCuratedThroughOneInstanceReachesTheSearchIndexOfTheOther() throws Exception {
        CooperationCase c = new CooperationCase("replica-rooftop-beehives", "옥상 양봉 도시숲 협력", null,
                "구청 옥상에 벌통을 두고 주민이 꿀벌을 돌보는 도시 양봉 협력", List.of("도시양봉협동조합"),
                List.of("ENVIRONMENT_PARKS"), Scope.SEOUL, "2025년", "벌통 12개", false, true, null);
        first.getBean(CatalogCuration.class).publishCase(c, CatalogCuration.Origin.OPERATOR, null);
        CatalogIndex otherIndex = second.getBean(CatalogIndex.class);
        await(() -> otherIndex.findCase(c.id()) != null && otherIndex.findCase(c.id()).published(),
                "the published case in the other instance's index");
        assertThat(otherIndex.similarCases("옥상 양봉 꿀벌", null, 3)).extracting(s -> s.item().id())
                .contains(c.id());

        second.getBean(CatalogCuration.class).withdrawCase(c.id(), "중복 사례");
        CatalogIndex firstIndex = first.getBean(CatalogIndex.class);
        await(() -> !firstIndex.findCase(c.id()).published(), "the withdrawal in the first instance's index");
        assertThat(firstIndex.similarCases("옥상 양봉 꿀벌", null, 3)).extracting(s -> s.item().id())
                .doesNotContain(c.id());
    }

    @Test
    void proposalTopicsAreSharedWhileEachInstanceReadsAllCurationEvents() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedKafkaCondition.getBroker().getBrokersAsString()))) {
            await(() -> members(admin, "catalog-service") == 2, "both instances in the proposal group");
            Map<String, ConsumerGroupDescription> curation = admin.describeConsumerGroups(
                    List.of("catalog-service-curation", "catalog-service-2-curation")).all().get(10, TimeUnit.SECONDS);
            assertThat(curation.values()).allSatisfy(group -> assertThat(group.members()).singleElement()
                    .satisfies(member -> assertThat(member.assignment().topicPartitions()).hasSize(6)));
        }
    }

    private static int members(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .members().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
