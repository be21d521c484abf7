package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static kr.seoul.sane.proposal.model.ProposalStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void theAllowedPathsLeadWhereTheyShould() {
        assertThat(Lifecycle.next(ROUTED, Action.START_REVIEW)).isEqualTo(IN_REVIEW);
        assertThat(Lifecycle.next(ROUTED, Action.ACCEPT)).isEqualTo(ACCEPTED);
        assertThat(Lifecycle.next(ROUTED, Action.DECLINE)).isEqualTo(DECLINED);
        assertThat(Lifecycle.next(ROUTED, Action.TRANSFER)).isEqualTo(TRANSFERRED);
        assertThat(Lifecycle.next(ROUTED, Action.REQUEST_INFO)).isEqualTo(INFO_REQUESTED);
        assertThat(Lifecycle.next(IN_REVIEW, Action.ACCEPT)).isEqualTo(ACCEPTED);
        assertThat(Lifecycle.next(INFO_REQUESTED, Action.ANSWER)).isEqualTo(IN_REVIEW);
        assertThat(Lifecycle.next(ACCEPTED, Action.START_DISCUSSION)).isEqualTo(IN_DISCUSSION);
        assertThat(Lifecycle.next(IN_DISCUSSION, Action.COMPLETE)).isEqualTo(COMPLETED);
        assertThat(Lifecycle.next(TRIAGE, Action.ASSIGN)).isEqualTo(TRANSFERRED);
        assertThat(Lifecycle.next(TRIAGE, Action.NOT_A_PROPOSAL)).isEqualTo(NOT_A_PROPOSAL);
        assertThat(Lifecycle.next(ROUTED, Action.NOT_A_PROPOSAL)).isEqualTo(NOT_A_PROPOSAL);
        assertThat(Lifecycle.next(IN_REVIEW, Action.NOT_A_PROPOSAL)).isEqualTo(NOT_A_PROPOSAL);
    }

    @Test
    void triageDecisionsAreTheOperatorsOnly() {
        assertThat(Action.DEPARTMENT_ACTIONS).doesNotContain(Action.ASSIGN, Action.NOT_A_PROPOSAL, Action.ANSWER);
        assertThat(Action.OPERATOR_ACTIONS).containsAll(Action.DEPARTMENT_ACTIONS)
                .contains(Action.ASSIGN, Action.NOT_A_PROPOSAL).doesNotContain(Action.ANSWER);
        assertThatThrownBy(() -> Lifecycle.next(ROUTED, Action.ASSIGN)).hasMessageContaining("부서 배정");
        assertThatThrownBy(() -> Lifecycle.next(ROUTED, Action.COMPLETE)).message().doesNotContain("협력제안 아님");
        assertThat(fields(Lifecycle.check(Action.ASSIGN, null, null, null, c -> true))).containsExactly("departmentCode");
        assertThat(Lifecycle.check(Action.ASSIGN, null, "CLIMATE", null, c -> true)).isEmpty();
        assertThat(Lifecycle.check(Action.NOT_A_PROPOSAL, " ", null, null, c -> true).getFirst().message())
                .contains("신청인에게 안내할 사유");
    }

    @Test
    void everythingElseIsRefusedWithAKoreanMessage() {
        int refused = 0;
        for (ProposalStatus from : ProposalStatus.values()) {
            for (Action a : Action.values()) {
                if (!Lifecycle.allowed(from).contains(a)) {
                    refused++;
                    assertThatThrownBy(() -> Lifecycle.next(from, a))
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining("할 수 없습니다");
                }
            }
        }
        assertThat(refused).isEqualTo(ProposalStatus.values().length * Action.values().length - 25);
        assertThatThrownBy(() -> Lifecycle.next(SUBMITTED, Action.ACCEPT)).hasMessageContaining("접수");
        assertThatThrownBy(() -> Lifecycle.next(ROUTED, Action.COMPLETE)).hasMessageContaining("지금 할 수 있는 처리");
        assertThatThrownBy(() -> Lifecycle.next(COMPLETED, Action.ACCEPT)).hasMessageContaining("더 할 수 있는 처리가 없습니다");
    }

    @Test
    void everyOpenProposalCanBeWithdrawnAndNoClosedOne() {
        for (ProposalStatus from : ProposalStatus.values()) {
            boolean open = Lifecycle.OPEN.contains(from);
            assertThat(Lifecycle.allowed(from).contains(Action.WITHDRAW)).as(from.name()).isEqualTo(open);
            if (open) {
                assertThat(Lifecycle.next(from, Action.WITHDRAW)).isEqualTo(ProposalStatus.WITHDRAWN);
            }
        }
        assertThat(Lifecycle.OPEN).hasSize(8).doesNotContain(COMPLETED, ProposalStatus.DECLINED,
                ProposalStatus.NOT_A_PROPOSAL, ProposalStatus.WITHDRAWN);
        assertThat(Lifecycle.allowed(ProposalStatus.WITHDRAWN)).isEmpty();
        // nobody is offered the withdrawal in a refusal: it comes only with the erasure of the personal data
        assertThatThrownBy(() -> Lifecycle.next(SUBMITTED, Action.ACCEPT))
                .hasMessageContaining("더 할 수 있는 처리가 없습니다").hasMessageNotContaining("철회");
        assertThatThrownBy(() -> Lifecycle.next(ROUTED, Action.COMPLETE)).hasMessageNotContaining("철회");
        assertThat(Action.DEPARTMENT_ACTIONS).doesNotContain(Action.WITHDRAW);
        assertThat(Action.OPERATOR_ACTIONS).doesNotContain(Action.WITHDRAW);
    }

    @Test
    void reasonsQuestionsAndTransferTargetsAreRequired() {
        assertThat(Lifecycle.check(Action.ACCEPT, null, null, "A", c -> true)).isEmpty();
        assertThat(fields(Lifecycle.check(Action.DECLINE, "  ", null, "A", c -> true))).containsExactly("note");
        assertThat(Lifecycle.check(Action.REQUEST_INFO, null, null, "A", c -> true).getFirst().message())
                .contains("물어볼 내용");
        assertThat(fields(Lifecycle.check(Action.TRANSFER, "소관이 아닙니다", null, "A", c -> true)))
                .containsExactly("departmentCode");
        assertThat(fields(Lifecycle.check(Action.TRANSFER, "소관이 아닙니다", "NOPE", "A", c -> false)))
                .containsExactly("departmentCode");
        assertThat(fields(Lifecycle.check(Action.TRANSFER, "소관이 아닙니다", "A", "A", c -> true)))
                .containsExactly("departmentCode");
        assertThat(Lifecycle.check(Action.TRANSFER, "소관이 아닙니다", "CLIMATE", "A", c -> true)).isEmpty();
        assertThat(fields(Lifecycle.check(Action.ANSWER, "가".repeat(2001), null, "A", c -> true)))
                .containsExactly("note");
        assertThat(fields(Lifecycle.check(Action.ANSWER, "답\u0000변", null, "A", c -> true))).containsExactly("note");
    }

    private static List<String> fields(List<Lifecycle.Problem> problems) {
        return problems.stream().map(Lifecycle.Problem::field).toList();
    }
}
