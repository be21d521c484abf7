package kr.seoul.sane.routing.decision;

import kr.seoul.sane.opssecurity.time.FixedDates;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code proposal.routed} says about supporting departments, from the stored decision. */
class SupportingDepartmentsTest {

    private static final DepartmentDirectory DIRECTORY = DepartmentDirectory.fromClasspath();

    private static RoutingDecision routed(String by, List<String> supporting) {
        return new RoutingDecision("p1", "e1", "T-1", RoutingDecision.Outcome.ROUTED, "PARKS",
                List.of(new RoutingDecision.CandidateScore("PARKS", 0.5),
                        new RoutingDecision.CandidateScore("AIR_QUALITY", 0.4)),
                0.9, List.of(), null, null, by, null, FixedDates.WEEKDAY.instant(), null, Map.of(), "e1", supporting, null);
    }

    @Test
    void anAutomaticRoutingNamesItsSupportingDepartmentsWithNameAndAddress() {
        List<Map<String, Object>> s = RoutingEventPublisher.supporting(routed("AUTO", List.of("AIR_QUALITY")), DIRECTORY);
        assertThat(s).hasSize(1);
        assertThat(s.getFirst()).containsEntry("code", "AIR_QUALITY").containsEntry("name", "대기정책과")
                .containsEntry("email", "air-quality@dept.seoul.example");
    }

    @Test
    void noneForOperatorsTransfersUnknownCodesOrTheLeadItself() {
        assertThat(RoutingEventPublisher.supporting(routed("OPERATOR", List.of("AIR_QUALITY")), DIRECTORY)).isEmpty();
        assertThat(RoutingEventPublisher.supporting(routed("TRANSFER", List.of("AIR_QUALITY")), DIRECTORY)).isEmpty();
        assertThat(RoutingEventPublisher.supporting(routed("AUTO", List.of("NO_SUCH", "PARKS")), DIRECTORY)).isEmpty();
        assertThat(RoutingEventPublisher.supporting(routed("AUTO", null), DIRECTORY)).isEmpty();
    }

    @Test
    void aReassignmentDropsTheSupportingDepartments() {
        RoutingDecision moved = routed("AUTO", List.of("AIR_QUALITY")).reassignedTo("CLIMATE", "OPERATOR", "c1",
                FixedDates.WEEKDAY.instant());
        assertThat(moved.supportingDepartments()).isEmpty();
        assertThat(moved.previousDepartmentCode()).isEqualTo("PARKS");
    }
}
