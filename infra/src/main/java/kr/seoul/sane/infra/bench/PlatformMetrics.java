package kr.seoul.sane.infra.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often the platform used each component, counted by the platform itself: the counters of every instance's
 * {@code /actuator/prometheus}, summed per component.
 * <ul>
 *   <li>{@code http}: {@code http_server_requests_seconds_count} (requests served by the gateway and the services;
 *       the scrapes of {@code /actuator/*} left out)</li>
 *   <li>{@code mongo}: {@code mongodb_driver_commands_seconds_count} (MongoDB commands sent by the driver)</li>
 *   <li>{@code kafkaProduced}: {@code kafka_producer_record_send_total} of the producers</li>
 *   <li>{@code kafkaConsumed}: {@code kafka_consumer_fetch_manager_records_consumed_total}: Micrometer's Kafka binder
 *       keeps only the per-topic series once a consumer has fetched from a topic (it drops a meter's variant with
 *       fewer tags), so the per-topic series are summed when there are any, else the per-client ones; the client
 *       emits a topic with periods twice (also with underscores), which counts once</li>
 *   <li>{@code smtp}: {@code sane_mail_sent_total} (mails accepted by the SMTP server)</li>
 * </ul>
 */
final class PlatformMetrics {

    static final List<String> COMPONENTS = List.of("http", "mongo", "kafkaProduced", "kafkaConsumed", "smtp");
    private static final Map<String, String> METRIC = Map.of(
            "http_server_requests_seconds_count", "http",
            "mongodb_driver_commands_seconds_count", "mongo",
            "kafka_producer_record_send_total", "kafkaProduced",
            "kafka_consumer_fetch_manager_records_consumed_total", "kafkaConsumed",
            "sane_mail_sent_total", "smtp");

    /** Counter totals per component of one instance's scrape; absent components count 0. */
    static Map<String, Double> parse(String prometheusText) {
        Map<String, Double> totals = zero();
        Map<String, Double> perTopic = zero();
        Map<String, Double> perTopicSeries = new java.util.HashMap<>();
        boolean anyPerTopic = false;
        for (String line : prometheusText.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
            String component = METRIC.get(name);
            if (component == null) {
                continue;
            }
            String labels = brace >= 0 ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            boolean topicSeries = component.startsWith("kafka") && labels.contains("topic=\"");
            if (component.equals("http") && labels.contains("uri=\"/actuator")) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(value)) {
                continue;
            }
            if (topicSeries) {
                anyPerTopic = true;
                // "proposal.routed" and its deprecated twin "proposal_routed" are one series
                perTopicSeries.put(component + labels.replace('_', '.'), value);
            } else {
                totals.merge(component, value, Double::sum);
            }
        }
        perTopicSeries.forEach((series, value) -> perTopic.merge(series.startsWith("kafkaProduced") ? "kafkaProduced"
                : "kafkaConsumed", value, Double::sum));
        for (String kafka : List.of("kafkaProduced", "kafkaConsumed")) {
            if (perTopic.get(kafka) > 0 || (anyPerTopic && totals.get(kafka) == 0)) {
                totals.put(kafka, perTopic.get(kafka));
            }
        }
        return totals;
    }

    /** Which components an instance exposes no counter for at all (to say so in the report). */
    static List<String> missing(String prometheusText) {
        return METRIC.entrySet().stream().filter(e -> !prometheusText.contains("\n" + e.getKey())
                        && !prometheusText.startsWith(e.getKey()))
                .map(Map.Entry::getValue).sorted().toList();
    }

    static Map<String, Double> zero() {
        Map<String, Double> totals = new LinkedHashMap<>();
        COMPONENTS.forEach(c -> totals.put(c, 0.0));
        return totals;
    }

    /** Per component: Σ over instances of max(0, after − before) (an instance restarted meanwhile counts from 0). */
    static Map<String, Double> delta(Map<String, Map<String, Double>> before, Map<String, Map<String, Double>> after) {
        Map<String, Double> used = zero();
        after.forEach((instance, totals) -> totals.forEach((component, value) -> {
            double earlier = before.getOrDefault(instance, Map.of()).getOrDefault(component, 0.0);
            used.merge(component, value >= earlier ? value - earlier : value, Double::sum);
        }));
        return used;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> ports;
    final Map<String, List<String>> missingByInstance = new TreeMap<>();

    /** @param ports the management port of every instance to scrape, by instance name */
    PlatformMetrics(Map<String, Integer> ports) {
        this.ports = ports;
    }

    /** The counters of every instance that answers. */
    Map<String, Map<String, Double>> scrape() {
        Map<String, Map<String, Double>> byInstance = new TreeMap<>();
        ports.forEach((instance, port) -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() == 200) {
                    byInstance.put(instance, parse(response.body()));
                    missingByInstance.put(instance, missing(response.body()));
                }
            } catch (Exception e) {
                // an instance that does not answer now counts as absent
            }
        });
        return byInstance;
    }

    /**
     * The port of each service instance's actuator and the gateway's management port (its public origin does not
     * serve the actuator), from the names of the running processes.
     */
    static Map<String, Integer> ports(Iterable<String> processNames) {
        Map<String, Integer> base = Map.of("gateway", 8090, "proposal-service", 8081, "routing-service", 8082,
                "notification-service", 8083, "catalog-service", 8084);
        Map<String, Integer> ports = new TreeMap<>();
        for (String name : processNames) {
            if (base.containsKey(name)) {
                ports.put(name, base.get(name));
                continue;
            }
            int dash = name.lastIndexOf('-');
            if (dash > 0 && base.containsKey(name.substring(0, dash))) {
                try {
                    int replica = Integer.parseInt(name.substring(dash + 1));
                    ports.put(name, base.get(name.substring(0, dash)) + 100 * (replica - 1));
                } catch (NumberFormatException e) {
                    // not a replica name
                }
            }
        }
        return ports;
    }
}
