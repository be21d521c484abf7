package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TriageInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static kr.seoul.sane.proposal.model.ProposalStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProposalTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-03-02T01:02:03.004Z");
    private static final Map<String, String> DEPARTMENTS = Map.of("CLIMATE", "기후환경본부", "WELFARE", "복지정책실");
    private final ProposalTransitions transitions = new ProposalTransitions(DEPARTMENTS::containsKey,
            DEPARTMENTS::get);

    private static ProposalState state(ProposalStatus status, String department) {
        return new ProposalState("p1", "SN-2345-6789-ABCD", status, 4, department);
    }

    @Test
    void aTransferIsGuardedByTheStateItWasDecidedOnAndPublishesTheTarget() {
        Transition t = transitions.act(state(ROUTED, "CLIMATE"), Action.TRANSFER, Actor.DEPARTMENT, " 소관 아님 ",
                "WELFARE", "CLIMATE", NOW);

        assertThat(t.guard()).isEqualTo(new Transition.Guard("p1", Set.of(ROUTED), 4L, null, null));
        assertThat(t.status()).isEqualTo(TRANSFERRED);
        assertThat(t.transferTo()).isEqualTo("WELFARE");
        assertThat(t.department()).as("routing assigns the department later").isNull();
        assertThat(t.timeline().status()).isEqualTo(TRANSFERRED);
        assertThat(t.timeline().note()).isEqualTo("이송 요청: 복지정책실 — 소관 아님");
        assertThat(t.timeline().actor()).isEqualTo("DEPARTMENT");
        assertThat(t.events()).containsExactly(new StatusChanged(null, "p1", "SN-2345-6789-ABCD", TRANSFERRED,
                ROUTED, "WELFARE", Actor.DEPARTMENT, "소관 아님", NOW));
    }

    @Test
    void anOperatorsVerdictLeavesNoDepartmentInCharge() {
        Transition t = transitions.act(state(IN_REVIEW, "CLIMATE"), Action.NOT_A_PROPOSAL, Actor.OPERATOR,
                "홍보 글", null, null, NOW);
        assertThat(t.status()).isEqualTo(ProposalStatus.NOT_A_PROPOSAL);
        assertThat(t.events().getFirst().departmentCode()).isNull();
        assertThat(t.events().getFirst().previous()).isEqualTo(IN_REVIEW);
    }

    @Test
    void refusalsComeBeforeAnyChange() {
        assertThatThrownBy(() -> transitions.act(state(ROUTED, "CLIMATE"), Action.ACCEPT, Actor.DEPARTMENT, null,
                null, "WELFARE", NOW)).isInstanceOf(WrongDepartmentException.class);
        assertThatThrownBy(() -> transitions.act(state(ACCEPTED, "CLIMATE"), Action.DECLINE, Actor.DEPARTMENT,
                "사유", null, "CLIMATE", NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> transitions.act(state(ROUTED, "CLIMATE"), Action.TRANSFER, Actor.DEPARTMENT,
                "사유", "NOWHERE", "CLIMATE", NOW)).isInstanceOfSatisfying(InvalidActionException.class,
                e -> assertThat(e.problems()).extracting(Lifecycle.Problem::field).containsExactly("departmentCode"));
    }

    @Test
    void aRoutingVerdictIsRecordedWithItsEventAndEmitsADerivedId() {
        Transition t = transitions.verdict(state(ROUTED, "CLIMATE"), "e-1", " ", NOW).orElseThrow();
        Transition again = transitions.verdict(state(ROUTED, "CLIMATE"), "e-1", null, NOW).orElseThrow();

        assertThat(t.guard()).isEqualTo(new Transition.Guard("p1", Set.of(ROUTED), 4L, "e-1", null));
        assertThat(t.processedEventId()).isEqualTo("e-1");
        assertThat(t.timeline().note()).isEqualTo(ProposalTransitions.VERDICT_NOTE);
        assertThat(t.events().getFirst().eventId()).isNotNull().isEqualTo(again.events().getFirst().eventId());
        assertThat(transitions.verdict(state(ROUTED, "CLIMATE"), "e-2", null, NOW).orElseThrow().events()
                .getFirst().eventId()).isNotEqualTo(t.events().getFirst().eventId());
        assertThat(transitions.verdict(state(ROUTED, null), "e-1", "x".repeat(3000), NOW).orElseThrow()
                .timeline().note()).hasSize(Lifecycle.MAX_NOTE);
        assertThat(transitions.verdict(state(ACCEPTED, "CLIMATE"), "e-1", "늦음", NOW))
                .as("a department has gone further than reviewing").isEmpty();
    }

    @Test
    void routingAndTriageAreGuardedByTheEventNotByARead() {
        Transition routed = transitions.routed("p1", "e-3", "CLIMATE", "기후환경본부", "TRANSFER", NOW);
        assertThat(routed.guard()).isEqualTo(new Transition.Guard("p1", Set.of(SUBMITTED, TRIAGE, ROUTED,
                TRANSFERRED), null, "e-3", NOW));
        assertThat(routed.department()).isEqualTo(new Transition.Assignment("CLIMATE", "기후환경본부"));
        assertThat(routed.routedAt()).isEqualTo(NOW);
        assertThat(routed.timeline().note()).isEqualTo("이송된 담당부서: 기후환경본부");
        assertThat(routed.events()).as("routing publishes its own event").isEmpty();

        TriageInfo info = new TriageInfo("LOW_CONFIDENCE", null, 0.2, List.of(), "AUTO", NOW);
        Transition auto = transitions.triaged("p1", "e-4", info, true, NOW);
        assertThat(auto.guard().statuses()).containsExactly(SUBMITTED);
        assertThat(auto.department()).isEqualTo(Transition.Assignment.NONE);
        assertThat(auto.triage()).isEqualTo(info);
        assertThat(transitions.triaged("p1", "e-4", info, false, NOW).guard().statuses())
                .containsExactlyInAnyOrder(SUBMITTED, TRANSFERRED);
    }

    @Test
    void anErasureWithdrawsAnOpenProposalOnly() {
        Transition open = transitions.erased(state(IN_REVIEW, "CLIMATE"), NOW);
        assertThat(open.status()).isEqualTo(WITHDRAWN);
        assertThat(open.events()).containsExactly(new StatusChanged(null, "p1", "SN-2345-6789-ABCD", WITHDRAWN,
                IN_REVIEW, null, Actor.APPLICANT, ProposalTransitions.ERASURE_NOTE, NOW));

        Transition closed = transitions.erased(state(COMPLETED, "CLIMATE"), NOW);
        assertThat(closed.status()).as("the status stays").isNull();
        assertThat(closed.events()).isEmpty();
        assertThat(closed.timeline().status()).isEqualTo(COMPLETED);
        assertThat(closed.guard().stateVersion()).isEqualTo(4L);
    }
}
