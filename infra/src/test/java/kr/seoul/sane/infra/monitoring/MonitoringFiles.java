package kr.seoul.sane.infra.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The PromQL expressions of the monitoring files ({@code infra/prometheus/*.yml} rules,
 * {@code infra/grafana/dashboards/*.json} panels) and the metric names they query.
 */
public final class MonitoringFiles {

    /** Series Prometheus makes itself, not exposed by any service. */
    public static final Set<String> BUILT_IN = Set.of("up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where an expression comes from ("alerts.yml: ServiceDown", "pipeline.json: panel 'x'") and its text. */
    public record Query(String source, String expr) {
    }

    private MonitoringFiles() {
    }

    public static List<Path> ruleFiles(Path root) throws IOException {
        return list(root.resolve("infra/prometheus"), ".yml");
    }

    public static List<Path> dashboards(Path root) throws IOException {
        return list(root.resolve("infra/grafana/dashboards"), ".json");
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Every alert and recording rule expression, and every dashboard panel target. */
    public static List<Query> queries(Path root) throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path file : ruleFiles(root)) {
            for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                    queries.add(new Query(file.getFileName() + ": " + name, rule.path("expr").asText()));
                }
            }
        }
        for (Path file : dashboards(root)) {
            collectTargets(file.getFileName().toString(), JSON.readTree(file.toFile()), queries);
        }
        return queries;
    }

    private static void collectTargets(String file, JsonNode node, List<Query> into) {
        if (node.isObject()) {
            if (node.has("targets") && node.path("targets").isArray()) {
                for (JsonNode target : node.path("targets")) {
                    if (target.hasNonNull("expr")) {
                        into.add(new Query(file + ": panel '" + node.path("title").asText() + "'",
                                target.path("expr").asText()));
                    }
                }
            }
            node.properties().forEach(entry -> {
                if (!entry.getKey().equals("targets")) {
                    collectTargets(file, entry.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectTargets(file, child, into));
        }
    }

    /** Names defined by recording rules. */
    public static Set<String> recorded(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : ruleFiles(root)) {
            for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.hasNonNull("record")) {
                        names.add(rule.path("record").asText());
                    }
                }
            }
        }
        return names;
    }

    /** Metric names queried, each with the places that query it. */
    public static Map<String, Set<String>> referenced(Path root) throws IOException {
        Map<String, Set<String>> names = new TreeMap<>();
        for (Query query : queries(root)) {
            for (String name : metricNames(query.expr())) {
                names.computeIfAbsent(name, n -> new TreeSet<>()).add(query.source());
            }
        }
        return names;
    }

    /** The metric names in one PromQL expression (not functions, keywords, label names or Grafana variables). */
    public static Set<String> metricNames(String expr) {
        String text = STRING.matcher(expr).replaceAll(" ");
        text = VARIABLE.matcher(text).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String token = m.group();
            int before = m.start() - 1;
            if (before >= 0 && (Character.isDigit(text.charAt(before)) || text.charAt(before) == '.')) {
                continue; // 5m, 1e3, 0.5
            }
            int after = m.end();
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            if (after < text.length() && text.charAt(after) == '(') {
                continue; // a function or an aggregation
            }
            if (KEYWORDS.contains(token.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            names.add(token);
        }
        return names;
    }

    /** The sample names in a Prometheus text exposition. */
    public static Set<String> exposed(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
