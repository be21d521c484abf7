package kr.seoul.sane.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

/**
 * The static instance list of the load-balanced services ({@code lb://proposal-service}, {@code lb://catalog-service}):
 * each service's base URL setting may name several instances, comma-separated
 * ({@code http://127.0.0.1:8081,http://127.0.0.1:8181}); one URL (compose, a k8s Service) is one instance.
 * The list is read once at startup into Spring Cloud's {@link SimpleDiscoveryProperties}: no work per request.
 */
final class ServiceInstances {

    private ServiceInstances() {
    }

    static void register(SimpleDiscoveryProperties discovery, Map<String, String> urlsByService) {
        urlsByService.forEach((serviceId, urls) -> {
            List<InstanceProperties> instances = new ArrayList<>();
            for (URI uri : parse(urls)) {
                InstanceProperties instance = new InstanceProperties();
                instance.setUri(uri);
                instance.setServiceId(serviceId);
                instance.setInstanceId(serviceId + "@" + uri.getHost() + ":" + uri.getPort());
                instances.add(instance);
            }
            discovery.getInstances().put(serviceId, instances);
        });
    }

    /** Comma-separated base URLs; a URL without a port gets its scheme's default port. */
    static List<URI> parse(String urls) {
        List<URI> parsed = Arrays.stream(urls.split(",")).map(String::strip).filter(url -> !url.isEmpty())
                .map(URI::create).map(ServiceInstances::withPort).toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no service URL in '" + urls + "'");
        }
        return parsed;
    }

    private static URI withPort(URI uri) {
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + uri);
        }
        if (uri.getPort() != -1) {
            return uri;
        }
        int port = "https".equals(uri.getScheme()) ? 443 : 80;
        return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port);
    }
}
