package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one state machine of a proposal after routing. Arrival states (SUBMITTED, TRIAGE, ROUTED) are set by the
 * consumed events; from ROUTED on, people act:
 * <pre>
 * TRIAGE               → TRANSFERRED (ASSIGN: an operator picks the department) · NOT_A_PROPOSAL (operator)
 * ROUTED, IN_REVIEW    → IN_REVIEW (ROUTED only) · ACCEPTED · DECLINED · TRANSFERRED · INFO_REQUESTED
 *                        · NOT_A_PROPOSAL (operator)
 * INFO_REQUESTED       → IN_REVIEW (the applicant answers) · DECLINED (no answer)
 * ACCEPTED             → IN_DISCUSSION → COMPLETED
 * DECLINED, TRANSFERRED, COMPLETED, NOT_A_PROPOSAL, WITHDRAWN: no action (a transfer goes on with the next
 *                        routing)
 * every open status    → WITHDRAWN (WITHDRAW: the applicant had their personal data erased)
 * </pre>
 * Open = not closed: SUBMITTED, TRIAGE, ROUTED, IN_REVIEW, INFO_REQUESTED, ACCEPTED, TRANSFERRED, IN_DISCUSSION.
 */
public final class Lifecycle {

    /** Notes end up in {@code proposal.status-changed}, whose {@code note} holds at most 2,000 characters. */
    public static final int MAX_NOTE = 2000;
    private static final Pattern DEPARTMENT_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,63}$");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");

    private static final Map<ProposalStatus, Set<Action>> ALLOWED = new EnumMap<>(ProposalStatus.class);
    /** The statuses in which a department may still answer; an erasure withdraws a proposal in one of them. */
    public static final Set<ProposalStatus> OPEN = Collections.unmodifiableSet(EnumSet.of(ProposalStatus.SUBMITTED,
            ProposalStatus.TRIAGE, ProposalStatus.ROUTED, ProposalStatus.IN_REVIEW, ProposalStatus.INFO_REQUESTED,
            ProposalStatus.ACCEPTED, ProposalStatus.TRANSFERRED, ProposalStatus.IN_DISCUSSION));

    static {
        ALLOWED.put(ProposalStatus.TRIAGE, EnumSet.of(Action.ASSIGN, Action.NOT_A_PROPOSAL));
        ALLOWED.put(ProposalStatus.ROUTED, EnumSet.of(Action.START_REVIEW, Action.ACCEPT, Action.DECLINE,
                Action.TRANSFER, Action.REQUEST_INFO, Action.NOT_A_PROPOSAL));
        ALLOWED.put(ProposalStatus.IN_REVIEW, EnumSet.of(Action.ACCEPT, Action.DECLINE, Action.TRANSFER,
                Action.REQUEST_INFO, Action.NOT_A_PROPOSAL));
        ALLOWED.put(ProposalStatus.INFO_REQUESTED, EnumSet.of(Action.ANSWER, Action.DECLINE));
        ALLOWED.put(ProposalStatus.ACCEPTED, EnumSet.of(Action.START_DISCUSSION));
        ALLOWED.put(ProposalStatus.IN_DISCUSSION, EnumSet.of(Action.COMPLETE));
        for (ProposalStatus open : OPEN) {
            ALLOWED.computeIfAbsent(open, s -> EnumSet.noneOf(Action.class)).add(Action.WITHDRAW);
        }
    }

    private Lifecycle() {
    }

    /** What can be done to a proposal in {@code status}. */
    public static Set<Action> allowed(ProposalStatus status) {
        Set<Action> actions = status == null ? null : ALLOWED.get(status);
        return actions == null ? Set.of() : Collections.unmodifiableSet(actions);
    }

    /** The status {@code action} leads to from {@code from}; throws when the lifecycle does not allow it. */
    public static ProposalStatus next(ProposalStatus from, Action action) {
        if (!allowed(from).contains(action)) {
            throw new IllegalTransitionException(from, action, refusal(from, action));
        }
        return action.target();
    }

    /** A problem with what was sent along with an action (answered with 400). */
    public record Problem(String field, String message) {
    }

    /**
     * Checks the note and, for a transfer, the target department.
     *
     * @param knownDepartment whether a department code exists in the directory
     */
    public static List<Problem> check(Action action, String note, String targetDepartment, String currentDepartment,
                                      java.util.function.Predicate<String> knownDepartment) {
        List<Problem> problems = new ArrayList<>();
        String n = note == null ? "" : note.strip();
        if (action.noteRequired() && n.isEmpty()) {
            problems.add(new Problem("note", switch (action) {
                case DECLINE -> "반려 사유를 입력해 주세요.";
                case TRANSFER -> "이송 사유를 입력해 주세요.";
                case REQUEST_INFO -> "신청인에게 물어볼 내용을 입력해 주세요.";
                case ANSWER -> "답변 내용을 입력해 주세요.";
                case NOT_A_PROPOSAL -> "신청인에게 안내할 사유를 입력해 주세요.";
                default -> "내용을 입력해 주세요.";
            }));
        } else if (n.length() > MAX_NOTE) {
            problems.add(new Problem("note", "내용은 " + MAX_NOTE + "자 이내로 입력해 주세요. (지금 " + n.length() + "자)"));
        } else if (CONTROL.matcher(n).find()) {
            problems.add(new Problem("note", "내용에 쓸 수 없는 제어 문자가 들어 있습니다."));
        }
        if (action == Action.TRANSFER || action == Action.ASSIGN) {
            String verb = action == Action.TRANSFER ? "이송할" : "배정할";
            String target = targetDepartment == null ? "" : targetDepartment.strip();
            if (target.isEmpty()) {
                problems.add(new Problem("departmentCode", verb + " 부서를 골라 주세요."));
            } else if (!DEPARTMENT_CODE.matcher(target).matches() || !knownDepartment.test(target)) {
                problems.add(new Problem("departmentCode", verb + " 부서 코드가 부서 목록에 없습니다."));
            } else if (target.equals(currentDepartment)) {
                problems.add(new Problem("departmentCode", "지금 담당부서와 다른 부서를 골라 주세요."));
            }
        }
        return problems;
    }

    private static String refusal(ProposalStatus from, Action action) {
        String now = from == null ? "알 수 없음" : label(from);
        // a department or an applicant is not offered the operators' own actions beside its own, nor anyone the
        // applicant's withdrawal (it comes only with the erasure of the personal data)
        Set<Action> possible = allowed(from).stream()
                .filter(a -> a != Action.WITHDRAW)
                .filter(a -> Action.OPERATOR_ONLY.contains(action) || !Action.OPERATOR_ONLY.contains(a))
                .collect(java.util.stream.Collectors.toCollection(() -> EnumSet.noneOf(Action.class)));
        boolean operatorOnly = allowed(from).stream().anyMatch(Action.OPERATOR_ONLY::contains);
        String hint = possible.isEmpty() && operatorOnly
                ? "이 상태에서는 운영자만 처리할 수 있습니다 (" + String.join(", ",
                allowed(from).stream().map(Action::label).toList()) + ")."
                : possible.isEmpty()
                ? "이 상태에서는 더 할 수 있는 처리가 없습니다."
                : "지금 할 수 있는 처리: " + String.join(", ", possible.stream().map(Action::label).toList()) + ".";
        return "지금 상태(" + now + ")에서는 '" + action.label() + "'을(를) 할 수 없습니다. " + hint;
    }

    /** Korean name of a status, as on the tracking page. */
    public static String label(ProposalStatus status) {
        return switch (status) {
            case SUBMITTED -> "접수";
            case TRIAGE -> "부서 확인 중";
            case ROUTED -> "부서 배정";
            case IN_REVIEW -> "검토 중";
            case INFO_REQUESTED -> "추가정보 요청";
            case ACCEPTED -> "수락";
            case DECLINED -> "반려";
            case TRANSFERRED -> "이송";
            case IN_DISCUSSION -> "협의 중";
            case COMPLETED -> "완료";
            case NOT_A_PROPOSAL -> "협력제안 아님";
            case WITHDRAWN -> "신청 철회";
        };
    }
}
