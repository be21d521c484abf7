package kr.seoul.sane.infra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MonitoringFilesTest {

    private final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();

    @Test
    void findsMetricNamesButNotFunctionsLabelsOrVariables() {
        assertThat(MonitoringFiles.metricNames(
                "histogram_quantile(0.95, sum by (le, application) (rate(sane_mail_send_seconds_bucket"
                        + "{application=~\"$application\", result!=\"x\"}[$__rate_interval])))"))
                .containsExactly("sane_mail_send_seconds_bucket");
        assertThat(MonitoringFiles.metricNames("sum(rate(a_total[5m] offset 1h)) / on(application) group_left(x)"
                + " sum(b) > bool 0.5 and up == 0 unless vector(1) or c:rate5m * 1e3"))
                .containsExactlyInAnyOrder("a_total", "b", "up", "c:rate5m");
        assertThat(MonitoringFiles.metricNames("max without (instance) (x) - ignoring(le) y"))
                .containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void readsSampleNamesFromAScrape() {
        String scrape = """
                # HELP sane_mail_sent_total Mails
                # TYPE sane_mail_sent_total counter
                sane_mail_sent_total{application="notification-service",kind="receipt"} 3.0
                process_uptime_seconds 12.5
                """;
        assertThat(MonitoringFiles.exposed(scrape)).containsExactly("process_uptime_seconds", "sane_mail_sent_total");
    }

    @Test
    void everyRuleAndPanelHasAQueryAndEveryDashboardIsProvisionable() throws Exception {
        List<MonitoringFiles.Query> queries = MonitoringFiles.queries(root);
        assertThat(queries).isNotEmpty().allSatisfy(query -> assertThat(query.expr()).as(query.source()).isNotBlank());
        ObjectMapper json = new ObjectMapper();
        Set<String> uids = new java.util.HashSet<>();
        for (Path dashboard : MonitoringFiles.dashboards(root)) {
            JsonNode node = json.readTree(dashboard.toFile());
            assertThat(node.path("uid").asText()).as("%s uid", dashboard).isNotBlank();
            assertThat(uids.add(node.path("uid").asText())).as("%s: uid used twice", dashboard).isTrue();
            assertThat(node.path("title").asText()).as("%s title", dashboard).isNotBlank();
            assertThat(node.path("panels").size()).as("%s panels", dashboard).isPositive();
        }
        assertThat(MonitoringFiles.dashboards(root)).extracting(p -> p.getFileName().toString())
                .contains("pipeline-overview.json", "routing-quality.json", "delivery.json", "jvm-kafka.json");
    }

    @Test
    void everyAlertTheIssueAsksForExists() throws Exception {
        Map<String, Set<String>> referenced = MonitoringFiles.referenced(root);
        assertThat(referenced).containsKeys("up", "sane_outbox_oldest_age_seconds", "sane_proposals_overdue",
                "resilience4j_circuitbreaker_state");
    }
}
