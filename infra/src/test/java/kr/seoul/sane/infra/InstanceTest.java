package kr.seoul.sane.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceTest {

    @Test
    void oneReplicaIsOneProcessPerModuleOnItsOwnPort() {
        Map<String, Instance> instances = Instance.plan(1);

        assertThat(instances.keySet()).containsExactly("proposal-service", "routing-service",
                "notification-service", "catalog-service", "gateway");
        assertThat(instances.values()).allSatisfy(i -> assertThat(i.port())
                .isEqualTo(Topology.SERVICE_PORTS.get(i.module())));
    }

    @Test
    void replicasAddInstancesOfEveryServiceOnDistinctPorts() {
        Map<String, Instance> instances = Instance.plan(3);

        assertThat(instances.keySet()).containsExactly("proposal-service", "proposal-service-2",
                "proposal-service-3", "routing-service", "routing-service-2", "routing-service-3",
                "notification-service", "notification-service-2", "notification-service-3", "catalog-service",
                "catalog-service-2", "catalog-service-3", "gateway");
        assertThat(instances.get("proposal-service-2").port()).isEqualTo(8181);
        assertThat(instances.get("routing-service-2").port()).isEqualTo(8182);
        assertThat(instances.get("notification-service-3").port()).isEqualTo(8283);
        assertThat(instances.get("catalog-service-3").port()).isEqualTo(8284);
        assertThat(instances.get("notification-service-3").module()).isEqualTo("notification-service");
        assertThat(instances.get("catalog-service-2").module()).isEqualTo("catalog-service");
        assertThat(instances.values().stream().map(Instance::port).distinct().count())
                .isEqualTo(instances.size());
    }

    @Test
    void everyCatalogInstanceRunsUnderItsOwnNameSoItReadsTheCurationTopicsInItsOwnGroup() {
        List<String> command = List.of("java", "-Dplatform.child=catalog-service", "-jar", "app.jar");
        Map<String, Instance> instances = Instance.plan(2);

        assertThat(instances.get("catalog-service").command(command)).contains("-Dplatform.child=catalog-service");
        assertThat(instances.get("catalog-service-2").command(command)).contains("-Dplatform.child=catalog-service-2");
    }

    @Test
    void onlyTheFirstInstanceWritesTheClassDataArchive(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("a.jsa");
        List<String> command = List.of("java", "-Dplatform.child=routing-service", "-XX:SharedArchiveFile=" + archive,
                "-XX:+AutoCreateSharedArchive", "-jar", "app.jar");
        Map<String, Instance> instances = Instance.plan(2);

        assertThat(instances.get("routing-service").command(command)).isEqualTo(command);
        assertThat(instances.get("routing-service-2").command(command))
                .containsExactly("java", "-Dplatform.child=routing-service-2", "-jar", "app.jar");
        Files.writeString(archive, "archive");
        assertThat(instances.get("routing-service-2").command(command))
                .containsExactly("java", "-Dplatform.child=routing-service-2", "-XX:SharedArchiveFile=" + archive,
                        "-jar", "app.jar");
    }
}
