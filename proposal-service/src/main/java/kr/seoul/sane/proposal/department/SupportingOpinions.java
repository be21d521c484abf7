package kr.seoul.sane.proposal.department;

import kr.seoul.sane.proposal.actions.ProposalStore;
import kr.seoul.sane.proposal.lifecycle.Lifecycle;
import kr.seoul.sane.proposal.lifecycle.OpinionRules;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.SupportingDepartment;
import kr.seoul.sane.proposal.model.SupportingOpinion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Supporting departments' (협조부서) opinions: one per department while the proposal is open, written as one guarded
 * update ({@link ProposalStore#addOpinion}); when the guard does not hold, the stored proposal says why.
 */
@Component
class SupportingOpinions {

    static final String NOT_SUPPORTING = "이 부서는 지금 이 제안의 협조부서가 아닙니다. 담당부서가 바뀌었을 수 있으니 "
            + "서울사네 운영팀(민관협력담당관)에 문의해 주세요.";
    static final String ALREADY_GIVEN = "이 부서는 이미 의견을 남겼습니다. 바꿀 내용은 담당부서에 직접 알려 주세요.";
    static final String CLOSED = "처리가 끝난 제안이라 의견을 더 남길 수 없습니다.";

    private static final Logger log = LoggerFactory.getLogger(SupportingOpinions.class);

    private final ProposalStore store;
    private final Clock clock;

    SupportingOpinions(ProposalStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** How giving an opinion ended. */
    sealed interface Outcome {
    }

    record Recorded() implements Outcome {
    }

    /** The text is not usable (400). */
    record Invalid(Lifecycle.Problem problem) implements Outcome {
    }

    /** The department may not (or no longer) give an opinion: {@code refusal} page (403) or conflict (409). */
    record Refused(String message, boolean conflict) implements Outcome {
    }

    /** The supporting department {@code code} of {@code p}, if routing named it. */
    static Optional<SupportingDepartment> of(Proposal p, String code) {
        return p.getSupportingDepartments() == null ? Optional.empty()
                : p.getSupportingDepartments().stream().filter(d -> code.equals(d.code())).findFirst();
    }

    /** The opinion {@code code} gave on {@code p}, if any. */
    static Optional<SupportingOpinion> given(Proposal p, String code) {
        return p.getSupportingOpinions() == null ? Optional.empty()
                : p.getSupportingOpinions().stream().filter(o -> code.equals(o.departmentCode())).findFirst();
    }

    Outcome give(String proposalId, String code, String text) {
        Optional<Lifecycle.Problem> problem = OpinionRules.check(text);
        if (problem.isPresent()) {
            return new Invalid(problem.get());
        }
        Proposal p = store.find(proposalId).orElse(null);
        SupportingDepartment department = p == null ? null : of(p, code).orElse(null);
        if (department == null) {
            return new Refused(NOT_SUPPORTING, false);
        }
        if (store.addOpinion(proposalId, OpinionRules.opinion(code, department.name(), text, clock.instant()))) {
            log.info("supporting department {} gave its opinion on proposal {}", code, proposalId);
            return new Recorded();
        }
        Proposal now = store.find(proposalId).orElse(null);
        if (now == null || of(now, code).isEmpty()) {
            return new Refused(NOT_SUPPORTING, false);
        }
        return given(now, code).isPresent() ? new Refused(ALREADY_GIVEN, true) : new Refused(CLOSED, true);
    }
}
