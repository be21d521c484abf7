package kr.seoul.sane.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

class ServiceInstancesTest {

    @Test
    void oneUrlIsOneInstanceAndACommaSeparatedListIsSeveral() {
        SimpleDiscoveryProperties discovery = new SimpleDiscoveryProperties();

        ServiceInstances.register(discovery, Map.of("proposal-service", "http://proposal-service:8081",
                "catalog-service", " http://127.0.0.1:8084 , http://127.0.0.1:8184,"));

        assertThat(discovery.getInstances().get("proposal-service")).singleElement()
                .satisfies(i -> assertThat(i.toServiceInstance().getUri()).isEqualTo(URI.create("http://proposal-service:8081")));
        assertThat(discovery.getInstances().get("catalog-service")).extracting(i -> i.toServiceInstance().getPort())
                .containsExactly(8084, 8184);
        assertThat(discovery.getInstances().get("catalog-service")).extracting(i -> i.toServiceInstance().getServiceId())
                .containsOnly("catalog-service");
    }

    @Test
    void aUrlWithoutPortGetsItsSchemesDefaultPort() {
        assertThat(ServiceInstances.parse("http://catalog,https://proposal"))
                .containsExactly(URI.create("http://catalog:80"), URI.create("https://proposal:443"));
    }

    @Test
    void refusesAnEmptyOrRelativeSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceInstances.parse(" , "));
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceInstances.parse("proposal-service:8081"));
    }
}
