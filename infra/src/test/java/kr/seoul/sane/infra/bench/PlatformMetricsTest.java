package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlatformMetricsTest {

    static final String SAMPLE = """
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds summary
            http_server_requests_seconds_count{application="proposal-service",method="POST",status="201",uri="/api/proposals"} 120
            http_server_requests_seconds_count{application="proposal-service",method="GET",status="200",uri="/actuator/prometheus"} 9
            http_server_requests_seconds_count{application="proposal-service",method="GET",status="200",uri="/api/proposals/{code}"} 3.0
            mongodb_driver_commands_seconds_count{collection="proposals",command="insert",status="SUCCESS"} 240.0
            mongodb_driver_commands_seconds_count{collection="outbox",command="find",status="SUCCESS"} 1.0E3
            mongodb_driver_commands_seconds_sum{collection="outbox",command="find",status="SUCCESS"} 1.5
            kafka_producer_record_send_total{client_id="producer-1",spring_id="proposal.submitted.producer"} 120.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer-1"} 0.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer-2",topic="proposal.routed"} 200.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer-2",topic="proposal_routed"} 200.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer-3",topic="proposal.submitted"} 100.0
            sane_mail_sent_total{kind="department"} 100.0
            sane_mail_sent_total{kind="applicant"} 200.0
            sane_mail_sent_total{kind="broken"} NaN
            """;

    @Test
    void sumsTheCountersOfEachComponentWithoutScrapesOrPerTopicDuplicates() {
        Map<String, Double> totals = PlatformMetrics.parse(SAMPLE);
        assertThat(totals).containsEntry("http", 123.0).containsEntry("mongo", 1240.0)
                .containsEntry("kafkaProduced", 120.0).containsEntry("kafkaConsumed", 300.0)
                .containsEntry("smtp", 300.0);
        assertThat(totals.keySet()).containsExactlyElementsOf(PlatformMetrics.COMPONENTS);
    }

    @Test
    void aConsumerThatFetchedNothingYetCountsByItsClientSeries() {
        assertThat(PlatformMetrics.parse("""
                kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer-1"} 4.0
                kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer-2"} 3.0
                """)).containsEntry("kafkaConsumed", 7.0);
    }

    @Test
    void namesWhatAnInstanceDoesNotExpose() {
        assertThat(PlatformMetrics.missing(SAMPLE)).isEmpty();
        assertThat(PlatformMetrics.missing("http_server_requests_seconds_count{uri=\"/\"} 1\n"))
                .containsExactly("kafkaConsumed", "kafkaProduced", "mongo", "smtp");
        assertThat(PlatformMetrics.parse("")).containsOnlyKeys(PlatformMetrics.COMPONENTS).allSatisfy((k, v) ->
                assertThat(v).isZero());
    }

    @Test
    void deltaCountsARestartedInstanceFromZero() {
        Map<String, Map<String, Double>> before = Map.of(
                "gateway", Map.of("http", 100.0),
                "notification-service", Map.of("smtp", 500.0, "mongo", 1000.0));
        Map<String, Map<String, Double>> after = Map.of(
                "gateway", Map.of("http", 160.0),
                "notification-service", Map.of("smtp", 40.0, "mongo", 1300.0),
                "routing-service-2", Map.of("kafkaConsumed", 7.0));
        Map<String, Double> used = PlatformMetrics.delta(before, after);
        assertThat(used).containsEntry("http", 60.0).containsEntry("smtp", 40.0).containsEntry("mongo", 300.0)
                .containsEntry("kafkaConsumed", 7.0).containsEntry("kafkaProduced", 0.0);
    }

    @Test
    void portsOfInstancesAndReplicas() {
        assertThat(PlatformMetrics.ports(List.of("gateway", "kafka", "launcher", "routing-service",
                "routing-service-2", "notification-service-3", "mail-sink")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("gateway", 8090, "routing-service", 8082,
                        "routing-service-2", 8182, "notification-service-3", 8283));
    }
}
