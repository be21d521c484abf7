package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProposalFactoryTest {

    private static final Set<String> TYPES = Set.of("COMPANY", "NONPROFIT", "UNIVERSITY", "PUBLIC_INSTITUTION",
            "INDIVIDUAL", "FOREIGN");

    @Test
    void everyProposalIsValidAndUnique() throws Exception {
        ProposalFactory factory = new ProposalFactory("T1");
        ObjectMapper json = new ObjectMapper();
        Set<String> titles = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            JsonNode proposal = json.readTree(factory.json(i));
            String title = proposal.path("title").asText();
            String content = proposal.path("content").asText();
            assertThat(title.trim().length()).isBetween(5, 200);
            assertThat(content.trim().length()).isBetween(20, 10_000);
            assertThat(title).endsWith("[T1-" + i + "]").isEqualTo(factory.title(i));
            assertThat(proposal.path("organization").asText().length()).isBetween(1, 100);
            assertThat(proposal.path("contactName").asText().length()).isBetween(1, 50);
            assertThat(proposal.path("organizationType").asText()).isIn(TYPES);
            assertThat(proposal.path("phone").asText()).matches("0(2|10)-\\d{4}-\\d{4}");
            assertThat(proposal.path("consent").isBoolean()).isTrue();
            assertThat(proposal.path("language").asText()).isEqualTo("ko");
            titles.add(title);
            emails.add(proposal.path("email").asText());
            fields.add(proposal.path("field").isNull() ? "null" : proposal.path("field").asText());
        }
        assertThat(titles).hasSize(2000);
        assertThat(emails).hasSize(2000);
        assertThat(fields).hasSizeGreaterThan(8).contains("null");
    }

    @Test
    void percentilesOfNothingAreZero() {
        assertThat(Figures.percentile(new long[0], 99)).isZero();
        assertThat(Figures.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50)).isEqualTo(5);
        assertThat(Figures.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 99)).isEqualTo(10);
    }
}
