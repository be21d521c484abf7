package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private static final Credentials CREDENTIALS = new Credentials("operator", "pw", true, "link");

    private static ServiceEnvironment of(Map<String, String> env) {
        Installation installation = new Installation(Path.of("/checkout"), Path.of("/checkout/.platform"), "java",
                env);
        return ServiceEnvironment.of(installation, Infrastructure.of(installation), CREDENTIALS);
    }

    @Test
    void theServicesFindTheEmbeddedInfrastructureAndEachOther() {
        assertThat(of(Map.of()).common()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("MONGODB_URI", "mongodb://127.0.0.1:27017"),
                Map.entry("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                Map.entry("SMTP_HOST", "127.0.0.1"), Map.entry("SMTP_PORT", "2525"),
                Map.entry("PLATFORM_PUBLIC_URL", "http://localhost:8080"),
                Map.entry("PLATFORM_OPERATOR_USER", "operator"), Map.entry("PLATFORM_OPERATOR_PASSWORD", "pw"),
                Map.entry("PLATFORM_LINK_SECRET", "link"),
                Map.entry("PROPOSAL_SERVICE_URL", "http://127.0.0.1:8081"),
                Map.entry("ROUTING_SERVICE_URL", "http://127.0.0.1:8082"),
                Map.entry("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:8083"),
                Map.entry("CATALOG_SERVICE_URL", "http://127.0.0.1:8084")));
    }

    @Test
    void givenSettingsArePassedOnAndAnExternalMongoKeepsItsHealthCheck() {
        Map<String, String> common = of(Map.of("MONGODB_URI", "mongodb://mongo:27017", "PLATFORM_OPS_SECRET", " ops ",
                "PLATFORM_RATE_LIMIT_PER_MINUTE", "0", "PLATFORM_PUBLIC_URL", "https://sane.seoul.go.kr")).common();

        assertThat(common).containsEntry("MONGODB_URI", "mongodb://mongo:27017")
                .containsEntry("PLATFORM_OPS_SECRET", "ops").containsEntry("PLATFORM_RATE_LIMIT_PER_MINUTE", "0")
                .containsEntry("PLATFORM_PUBLIC_URL", "https://sane.seoul.go.kr")
                .doesNotContainKey("MANAGEMENT_HEALTH_MONGODB_ENABLED");
    }

    @Test
    void eachInstanceGetsItsPortAndOnlyTheGatewayTheInstancesToBalanceOver() {
        ServiceEnvironment environment = of(Map.of());
        Map<String, Instance> instances = Instance.plan(2);

        assertThat(environment.of(instances.get("routing-service-2"), instances))
                .containsEntry("SERVER_PORT", "8182").doesNotContainKey("PROPOSAL_SERVICE_URLS");
        assertThat(environment.of(instances.get("gateway"), instances)).containsEntry("SERVER_PORT", "8080")
                .containsEntry("PROPOSAL_SERVICE_URLS", "http://127.0.0.1:8081,http://127.0.0.1:8181");
    }

    @Test
    void withOneInstanceTheGatewayGetsOnlyTheOneUrlPerService() {
        assertThat(ServiceEnvironment.gateway(Instance.plan(1))).isEmpty();
    }

    @Test
    void withReplicasTheGatewayBalancesProposalAndCatalogOverAllInstancesWithHealthChecks() {
        Map<String, String> env = ServiceEnvironment.gateway(Instance.plan(2));

        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PROPOSAL_SERVICE_URLS", "http://127.0.0.1:8081,http://127.0.0.1:8181",
                "CATALOG_SERVICE_URLS", "http://127.0.0.1:8084,http://127.0.0.1:8184",
                "SPRING_CLOUD_LOADBALANCER_CONFIGURATIONS", "health-check"));
    }
}
