package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Something a person does to a proposal, and the status it leads to. */
public enum Action {
    /** 검토 시작 */
    START_REVIEW(ProposalStatus.IN_REVIEW, false, "검토 시작"),
    /** 수락 */
    ACCEPT(ProposalStatus.ACCEPTED, false, "수락"),
    /** 반려: reason required */
    DECLINE(ProposalStatus.DECLINED, true, "반려"),
    /** 이송 to another department: reason and target required */
    TRANSFER(ProposalStatus.TRANSFERRED, true, "이송"),
    /** 추가정보 요청: question required */
    REQUEST_INFO(ProposalStatus.INFO_REQUESTED, true, "추가정보 요청"),
    /** 협의 시작 */
    START_DISCUSSION(ProposalStatus.IN_DISCUSSION, false, "협의 시작"),
    /** 완료 */
    COMPLETE(ProposalStatus.COMPLETED, false, "완료"),
    /** The applicant answers an information request: answer required */
    ANSWER(ProposalStatus.IN_REVIEW, true, "추가정보 답변"),
    /** An operator gives a proposal in triage to a department: target required, note optional */
    ASSIGN(ProposalStatus.TRANSFERRED, false, "담당부서 배정"),
    /** An operator's verdict that the text is not a cooperation proposal: reason for the applicant required */
    NOT_A_PROPOSAL(ProposalStatus.NOT_A_PROPOSAL, true, "협력제안 아님"),
    /** The applicant had their personal data erased: an open proposal is withdrawn (신청 철회) */
    WITHDRAW(ProposalStatus.WITHDRAWN, false, "신청 철회");

    /** What a department may do through its signed link. */
    public static final Set<Action> DEPARTMENT_ACTIONS = Collections.unmodifiableSet(EnumSet.of(START_REVIEW, ACCEPT,
            DECLINE, TRANSFER, REQUEST_INFO, START_DISCUSSION, COMPLETE));
    /** Only operators: assignment from triage and the "not a proposal" verdict. */
    public static final Set<Action> OPERATOR_ONLY = Collections.unmodifiableSet(EnumSet.of(ASSIGN, NOT_A_PROPOSAL));
    /** Only the applicant, through the confirmed erasure of their personal data. */
    public static final Set<Action> APPLICANT_ONLY = Collections.unmodifiableSet(EnumSet.of(ANSWER, WITHDRAW));
    /** What an operator may do (ops console and ops API): everything a department may, and the operator's own. */
    public static final Set<Action> OPERATOR_ACTIONS;

    static {
        EnumSet<Action> operator = EnumSet.copyOf(DEPARTMENT_ACTIONS);
        operator.addAll(OPERATOR_ONLY);
        OPERATOR_ACTIONS = Collections.unmodifiableSet(operator);
    }

    private final ProposalStatus target;
    private final boolean noteRequired;
    private final String label;

    Action(ProposalStatus target, boolean noteRequired, String label) {
        this.target = target;
        this.noteRequired = noteRequired;
        this.label = label;
    }

    public ProposalStatus target() {
        return target;
    }

    public boolean noteRequired() {
        return noteRequired;
    }

    /** Korean name of the action, for messages. */
    public String label() {
        return label;
    }

    /** The action named {@code value} (case-insensitive, {@code -} or {@code _}), or null. */
    public static Action parse(String value) {
        if (value == null) {
            return null;
        }
        String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Action a : values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
