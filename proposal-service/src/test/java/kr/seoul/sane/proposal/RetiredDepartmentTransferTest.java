package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.proposal.department.DirectoryFollowerTest;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A department retired by routing-service ({@code department.directory-changed}, status RETIRED): its proposals
 * still waiting for its decision are transferred to the successor, those further on (accepted, information
 * requested) are handed over in their status, each with its timeline entry and a contract-valid
 * {@code proposal.status-changed}; closed proposals and other departments' stay; the same event again moves nothing.
 */
class RetiredDepartmentTransferTest extends EmbeddedInfrastructureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RETIRED = "SOCIAL_INNOVATION";

    @Test
    void aRetiredDepartmentsOpenProposalsGoToItsSuccessorWithATimelineEntry() throws Exception {
        Proposal routed = insert("가로수 그늘 쉼터", RETIRED, ProposalStatus.ROUTED);
        Proposal inReview = insert("골목 공유 정원", RETIRED, ProposalStatus.IN_REVIEW);
        Proposal accepted = insert("마을 공구 도서관", RETIRED, ProposalStatus.ACCEPTED);
        Proposal infoRequested = insert("하천 생태 지도", RETIRED, ProposalStatus.INFO_REQUESTED);
        Proposal declined = insert("옥상 태양광 공유", RETIRED, ProposalStatus.DECLINED);
        Proposal other = insert("기후 행동 캠페인", "CLIMATE", ProposalStatus.ROUTED);
        String retirement = DirectoryFollowerTest.version(RETIRED, "사회혁신담당관", 2, "RETIRED", "CLIMATE");

        try (Consumer<String, String> statusChanges = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "retired-department-test", false),
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            statusChanges.subscribe(List.of("proposal.status-changed"));
            send("department.directory-changed", RETIRED, retirement);
            await(() -> stored(routed.getId()).getStatus() == ProposalStatus.TRANSFERRED
                    && stored(inReview.getId()).getStatus() == ProposalStatus.TRANSFERRED
                    && "CLIMATE".equals(stored(accepted.getId()).getDepartmentCode())
                    && "CLIMATE".equals(stored(infoRequested.getId()).getDepartmentCode()));

            for (Proposal p : List.of(routed, inReview)) {
                TimelineEntry last = stored(p.getId()).getTimeline().getLast();
                assertThat(last.status()).isEqualTo(ProposalStatus.TRANSFERRED);
                assertThat(last.note()).contains("부서 개편", "사회혁신담당관", "CLIMATE");
            }
            // further on: the successor carries on in the same status
            for (Proposal p : List.of(accepted, infoRequested)) {
                Proposal now = stored(p.getId());
                assertThat(now.getStatus()).isEqualTo(p.getStatus());
                assertThat(now.getDepartmentName()).isNotBlank().isNotEqualTo("사회혁신담당관");
                TimelineEntry last = now.getTimeline().getLast();
                assertThat(last.status()).isEqualTo(p.getStatus());
                assertThat(last.actor()).isEqualTo("OPERATOR");
                assertThat(last.note()).contains("부서 개편", "사회혁신담당관", "CLIMATE");
            }
            assertThat(stored(declined.getId()).getDepartmentCode()).as("closed: stays").isEqualTo(RETIRED);
            assertThat(stored(other.getId()).getStatus()).isEqualTo(ProposalStatus.ROUTED);

            Set<String> moved = Set.of(routed.getId(), inReview.getId(), accepted.getId(), infoRequested.getId());
            List<ConsumerRecord<String, String>> published = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (published.size() < 4 && System.nanoTime() < end) {
                statusChanges.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (moved.contains(r.key()) || r.key().equals(declined.getId())) {
                        published.add(r);
                    }
                });
            }
            statusChanges.poll(Duration.ofMillis(500)).forEach(r -> {
                if (moved.contains(r.key()) || r.key().equals(declined.getId())) {
                    published.add(r);
                }
            });
            assertThat(published).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(moved);
            assertThat(published).allSatisfy(r -> {
                EventContracts.assertConforms("proposal.status-changed", r.value());
                JsonNode payload = JSON.readTree(r.value()).path("payload");
                assertThat(payload.path("departmentCode").asString()).isEqualTo("CLIMATE");
                assertThat(payload.path("actor").asString()).isEqualTo("OPERATOR");
                if (r.key().equals(accepted.getId()) || r.key().equals(infoRequested.getId())) {
                    assertThat(payload.path("status").asString()).as("handed over in its status")
                            .isEqualTo(payload.path("previousStatus").asString());
                } else {
                    assertThat(payload.path("status").asString()).isEqualTo("TRANSFERRED");
                }
            });

            // the same retirement again (a replay, another replica's start): nothing moves twice
            long versionBefore = stored(routed.getId()).getStateVersion();
            long acceptedVersionBefore = stored(accepted.getId()).getStateVersion();
            send("department.directory-changed", RETIRED, retirement);
            Thread.sleep(1500);
            assertThat(stored(routed.getId()).getStateVersion()).isEqualTo(versionBefore);
            assertThat(stored(accepted.getId()).getStateVersion()).isEqualTo(acceptedVersionBefore);
            assertThat(stored(accepted.getId()).getTimeline().stream()
                    .filter(t -> t.note() != null && t.note().contains("부서 개편"))).hasSize(1);
            assertThat(stored(routed.getId()).getTimeline().stream()
                    .filter(t -> t.note() != null && t.note().contains("부서 개편"))).hasSize(1);
        }
    }

    private Proposal insert(String title, String department, ProposalStatus status) {
        return insertProposal(title, department, status, clock.instant().minus(Duration.ofDays(1)));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("within 30 s").isTrue();
    }
}
