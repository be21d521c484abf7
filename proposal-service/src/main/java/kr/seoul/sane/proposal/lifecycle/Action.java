package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;

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
    ANSWER(ProposalStatus.IN_REVIEW, true, "추가정보 답변");

    /** What a department may do through its signed link. */
    public static final Set<Action> DEPARTMENT_ACTIONS = EnumSet.complementOf(EnumSet.of(ANSWER));

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
