package kr.seoul.sane.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Spring Cloud LoadBalancer over the instances of proposal-service and catalog-service (round robin, static list).
 * routing- and notification-service stay plain URLs: the gateway calls their first instance only.
 */
@Configuration(proxyBeanMethods = false)
class LoadBalancingConfiguration {

    /**
     * Replaces the auto-configured properties bean so that the instances named by {@code sane.gateway.services.*}
     * join any {@code spring.cloud.discovery.client.simple.instances.*} set directly.
     */
    @Bean
    @ConfigurationProperties("spring.cloud.discovery.client.simple")
    SimpleDiscoveryProperties simpleDiscoveryProperties(@Value("${sane.gateway.services.proposal}") String proposal,
            @Value("${sane.gateway.services.catalog}") String catalog) {
        SimpleDiscoveryProperties discovery = new SimpleDiscoveryProperties();
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("proposal-service", proposal);
        urls.put("catalog-service", catalog);
        ServiceInstances.register(discovery, urls);
        return discovery;
    }

    /**
     * The client of the LoadBalancer's health check ({@code spring.cloud.loadbalancer.configurations=health-check}):
     * a bare client with short timeouts, neither traced nor measured, so that a check costs one small request.
     */
    @Bean
    RestClient loadBalancerHealthCheckRestClient() {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
        factory.setReadTimeout(Duration.ofSeconds(2));
        return RestClient.builder().requestFactory(factory).build();
    }
}
