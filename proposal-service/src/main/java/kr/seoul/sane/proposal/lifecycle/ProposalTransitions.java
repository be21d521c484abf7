package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TriageInfo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Every change of a proposal's status, in one place: given the state a change is decided on (or the facts of the
 * consumed event that causes it), it checks the change against {@link Lifecycle} and returns the {@link Transition}
 * to write: guard, new status, timeline entry and the {@code proposal.status-changed} events, which are written
 * together in one update or not at all.
 */
public final class ProposalTransitions {

    /** The timeline note of the applicant's erasure of their personal data. */
    public static final String ERASURE_NOTE = "신청인 요청으로 개인정보 삭제";
    static final String VERDICT_NOTE = "운영자가 협력제안이 아니라고 판단했습니다.";
    static final String TRIAGE_NOTE = "담당부서를 정하기 위해 운영자가 확인하고 있습니다.";
    /** Routing may (re)assign a department only before a department has started to act on the proposal. */
    static final Set<ProposalStatus> ROUTABLE = Set.of(ProposalStatus.SUBMITTED, ProposalStatus.TRIAGE,
            ProposalStatus.ROUTED, ProposalStatus.TRANSFERRED);
    /**
     * The statuses in which routing-service's "not a proposal" verdict still applies: while no department has gone
     * further than reviewing (routing may not know the later statuses, and an unseen routing event may still be on
     * its way).
     */
    static final Set<ProposalStatus> VERDICT_APPLIES = Set.of(ProposalStatus.SUBMITTED, ProposalStatus.TRIAGE,
            ProposalStatus.ROUTED, ProposalStatus.IN_REVIEW, ProposalStatus.TRANSFERRED);

    private final Predicate<String> knownDepartment;
    private final UnaryOperator<String> departmentName;

    /**
     * @param knownDepartment whether a department code exists in the directory
     * @param departmentName  the name of a department, for timeline notes
     */
    public ProposalTransitions(Predicate<String> knownDepartment, UnaryOperator<String> departmentName) {
        this.knownDepartment = knownDepartment;
        this.departmentName = departmentName;
    }

    /**
     * A person acts on the proposal.
     *
     * @param actingDepartment the department the actor acts for (a link's department), or null when the actor is
     *                         not a department (applicant, operator)
     * @throws WrongDepartmentException   the acting department is not the one in charge
     * @throws IllegalTransitionException the lifecycle does not allow the action in the current status
     * @throws InvalidActionException     the note or the target department is missing or wrong
     */
    public Transition act(ProposalState p, Action action, Actor actor, String note, String targetDepartment,
                          String actingDepartment, Instant now) {
        if (actingDepartment != null && !actingDepartment.equals(p.departmentCode())) {
            throw new WrongDepartmentException();
        }
        ProposalStatus next = Lifecycle.next(p.status(), action);
        List<Lifecycle.Problem> problems = Lifecycle.check(action, note, targetDepartment, p.departmentCode(),
                knownDepartment);
        if (!problems.isEmpty()) {
            throw new InvalidActionException(problems);
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        boolean moves = action == Action.TRANSFER || action == Action.ASSIGN;
        String target = moves ? targetDepartment.strip() : null;
        // after "not a proposal" no department is in charge any more
        String eventDepartment = target != null ? target
                : next == ProposalStatus.NOT_A_PROPOSAL ? null : p.departmentCode();
        String timelineNote = target == null ? text
                : (action == Action.ASSIGN ? "운영자 배정: " : "이송 요청: ") + departmentName.apply(target)
                + (text == null ? "" : " — " + text);
        return new Transition(Transition.Guard.decidedOn(p), next, target, null, null, null,
                new TimelineEntry(next, now, timelineNote, actor.name()), null,
                List.of(new StatusChanged(null, p.id(), p.trackingCode(), next, p.status(), eventDepartment, actor,
                        text, now)));
    }

    /**
     * The department in charge changes and the status stays: a retired department's proposal that has gone past the
     * review (an information request, an acceptance, a discussion) is handed over to the successor, which carries on
     * where the retired department stopped. One timeline entry (by the operator, with {@code note}) and one
     * {@code proposal.status-changed} whose status equals its previous status and whose department is the successor.
     */
    public Transition handover(ProposalState p, String successor, String note, Instant now) {
        return new Transition(Transition.Guard.decidedOn(p), null, null,
                new Transition.Assignment(successor, departmentName.apply(successor)), null, null,
                new TimelineEntry(p.status(), now, note, Actor.OPERATOR.name()), null,
                List.of(new StatusChanged(null, p.id(), p.trackingCode(), p.status(), p.status(), successor,
                        Actor.OPERATOR, note, now)));
    }

    /**
     * An operator's "not a proposal" verdict that arrived as {@code proposal.triaged} from routing-service: the
     * same change as {@link Action#NOT_A_PROPOSAL} by an operator, recorded together with the consumed event id;
     * the emitted event's id is derived from the consumed one. Empty when the verdict no longer applies in the
     * current status ({@link #VERDICT_APPLIES}).
     */
    public Optional<Transition> verdict(ProposalState p, String consumedEventId, String reason, Instant at) {
        if (!VERDICT_APPLIES.contains(p.status())) {
            return Optional.empty();
        }
        String note = reason == null || reason.isBlank() ? VERDICT_NOTE : reason.strip();
        if (note.length() > Lifecycle.MAX_NOTE) {
            note = note.substring(0, Lifecycle.MAX_NOTE);
        }
        ProposalStatus next = ProposalStatus.NOT_A_PROPOSAL;
        Transition.Guard decided = Transition.Guard.decidedOn(p);
        Transition.Guard guard = new Transition.Guard(p.id(), decided.statuses(), decided.stateVersion(),
                consumedEventId, null);
        String eventId = UUID.nameUUIDFromBytes(("status|" + consumedEventId).getBytes(StandardCharsets.UTF_8))
                .toString();
        return Optional.of(new Transition(guard, next, null, null, null, null,
                new TimelineEntry(next, at, note, Actor.OPERATOR.name()), consumedEventId,
                List.of(new StatusChanged(eventId, p.id(), p.trackingCode(), next, p.status(), null, Actor.OPERATOR,
                        note, at))));
    }

    /**
     * {@code proposal.routed}: routing assigned a department. Applies while no department has started to act
     * ({@link #ROUTABLE}) and no newer routing was applied.
     *
     * @param routedBy {@code AUTO}, {@code TRANSFER} or {@code OPERATOR}
     */
    public Transition routed(String proposalId, String eventId, String code, String name, String routedBy,
                             Instant at) {
        String note = switch (routedBy) {
            case "TRANSFER" -> "이송된 담당부서: ";
            case "OPERATOR" -> "운영자가 배정한 담당부서: ";
            default -> "담당부서 배정: ";
        } + name;
        return new Transition(new Transition.Guard(proposalId, ROUTABLE, null, eventId, at), ProposalStatus.ROUTED,
                null, new Transition.Assignment(code, name), at, null,
                new TimelineEntry(ProposalStatus.ROUTED, at, note, Actor.SYSTEM.name()), eventId, List.of());
    }

    /**
     * {@code proposal.triaged}: the proposal waits for an operator, without a department. Routing's own decision
     * applies to a proposal not yet routed; one that an operator or a department sent to a department unknown to
     * routing (status TRANSFERRED) comes back to triage too.
     *
     * @param automatic routing decided on its own (decidedBy AUTO)
     */
    public Transition triaged(String proposalId, String eventId, TriageInfo triage, boolean automatic, Instant at) {
        Set<ProposalStatus> from = automatic ? Set.of(ProposalStatus.SUBMITTED)
                : Set.of(ProposalStatus.SUBMITTED, ProposalStatus.TRANSFERRED);
        return new Transition(new Transition.Guard(proposalId, from, null, eventId, null), ProposalStatus.TRIAGE,
                null, Transition.Assignment.NONE, null, triage,
                new TimelineEntry(ProposalStatus.TRIAGE, at, TRIAGE_NOTE, Actor.SYSTEM.name()), eventId, List.of());
    }

    /**
     * The applicant had their personal data erased: an open proposal is withdrawn ({@link Action#WITHDRAW}, no
     * department in charge afterwards), a closed one keeps its status; either way the timeline says so.
     */
    public Transition erased(ProposalState p, Instant now) {
        ProposalStatus previous = p.status();
        boolean withdraw = Lifecycle.OPEN.contains(previous);
        ProposalStatus next = withdraw ? Lifecycle.next(previous, Action.WITHDRAW) : previous;
        List<StatusChanged> events = withdraw
                ? List.of(new StatusChanged(null, p.id(), p.trackingCode(), next, previous, null, Actor.APPLICANT,
                ERASURE_NOTE, now))
                : List.of();
        return new Transition(Transition.Guard.decidedOn(p), withdraw ? next : null, null, null, null, null,
                new TimelineEntry(next, now, ERASURE_NOTE, Actor.APPLICANT.name()), null, events);
    }
}
