package kr.seoul.sane.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment the services and the gateway start with: where the infrastructure is, the public URL, the
 * operator's login, the signing keys, the rate limit, each service's first instance ({@code <SERVICE>_SERVICE_URL})
 * and, per instance, its {@code SERVER_PORT}.
 */
record ServiceEnvironment(Map<String, String> common) {

    static ServiceEnvironment of(Installation installation, Infrastructure infrastructure, Credentials credentials) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONGODB_URI", infrastructure.mongoUri());
        if (infrastructure.embeddedMongo()) {
            // Boot's MongoDB health check sends {hello: 1}, which mongo-java-server does not know; the launcher
            // watches the embedded store itself
            env.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrap());
        env.put("SMTP_HOST", infrastructure.smtpHost());
        env.put("SMTP_PORT", infrastructure.smtpPort());
        env.put("PLATFORM_PUBLIC_URL", installation.setting("PLATFORM_PUBLIC_URL")
                .orElse("http://localhost:" + Topology.GATEWAY_PORT));
        env.put("PLATFORM_OPERATOR_USER", credentials.operatorUser());
        env.put("PLATFORM_OPERATOR_PASSWORD", credentials.operatorPassword());
        env.put("PLATFORM_LINK_SECRET", credentials.linkSecret());
        // the key of the ops login's SANE_OPS cookie, the same in every service; unset = derived from the link secret
        installation.setting("PLATFORM_OPS_SECRET").ifPresent(secret -> env.put("PLATFORM_OPS_SECRET", secret));
        installation.setting("PLATFORM_RATE_LIMIT_PER_MINUTE")
                .ifPresent(limit -> env.put("PLATFORM_RATE_LIMIT_PER_MINUTE", limit));
        Topology.SERVICES.forEach(service -> env.put(urlVariable(service),
                "http://" + Topology.HOST + ":" + Topology.SERVICE_PORTS.get(service)));
        return new ServiceEnvironment(Map.copyOf(env));
    }

    /** What one instance gets: the common variables, its port and (the gateway) the instances to balance over. */
    Map<String, String> of(Instance instance, Map<String, Instance> instances) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("SERVER_PORT", Integer.toString(instance.port()));
        if (instance.module().equals("gateway")) {
            env.putAll(gateway(instances));
        }
        return env;
    }

    /**
     * What the gateway is told beyond {@code <SERVICE>_SERVICE_URL} (the first instance of each service): with
     * several instances of a load-balanced service, {@code <SERVICE>_SERVICE_URLS} lists them all, comma-separated,
     * and the LoadBalancer's health check is switched on, so that an instance that is down gets no requests.
     */
    static Map<String, String> gateway(Map<String, Instance> instances) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String service : Topology.LOAD_BALANCED) {
            List<String> urls = instances.values().stream().filter(i -> i.module().equals(service))
                    .map(i -> "http://" + Topology.HOST + ":" + i.port()).toList();
            if (urls.size() > 1) {
                env.put(urlVariable(service) + "S", String.join(",", urls));
            }
        }
        if (!env.isEmpty()) {
            env.put("SPRING_CLOUD_LOADBALANCER_CONFIGURATIONS", "health-check");
        }
        return env;
    }

    private static String urlVariable(String service) {
        return service.replace("-service", "").toUpperCase(Locale.ROOT) + "_SERVICE_URL";
    }
}
