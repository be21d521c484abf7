package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replicasCountForTheirService() {
        assertThat(Sweep.instances(List.of("kafka", "mongo-store", "gateway", "proposal-service", "routing-service",
                "routing-service-2", "notification-service", "notification-service-3")))
                .containsEntry("proposal-service", 1).containsEntry("routing-service", 2)
                .containsEntry("notification-service", 2).doesNotContainKeys("kafka", "gateway", "mongo-store");
        assertThat(Sweep.describe(JSON.valueToTree(Sweep.instances(List.of("proposal-service-2", "proposal-service",
                "routing-service", "routing-service-2"))))).isEqualTo("(2 instances of each service)");
        assertThat(Sweep.label(10)).isEqualTo("10/s");
        assertThat(Sweep.label(12.5)).isEqualTo("12.5/s");
        assertThat(Sweep.label(0)).isEqualTo("open loop");
    }

    @Test
    void thePlotIsWellFormedAndDrawsEveryPhaseOfEverySeries() throws Exception {
        var sweep = JSON.readTree("""
                [{"phase":"10/s","throughput":9.9,"cpuMsPerProposal":41.5},
                 {"phase":"50/s","throughput":49.7,"cpuMsPerProposal":24.0},
                 {"phase":"open loop","throughput":80.2,"cpuMsPerProposal":21.3}]""");
        var earlier = JSON.readTree("""
                [{"phase":"10/s","throughput":9.8,"cpuMsPerProposal":55.0},
                 {"phase":"open loop","throughput":61.0,"cpuMsPerProposal":30.0}]""");
        String svg = SweepPlot.svg(List.of(SweepPlot.Series.of("this run (1 instance of each service)", sweep),
                SweepPlot.Series.of("<R2> & (2 instances of each service)", earlier)));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(5);
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(svg).contains("open loop: 21.3 ms", "10/s: 55.0 ms", "R2  (2 instances of each service)");
    }
}
