package kr.seoul.sane.proposal.lifecycle;

import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.SupportingDepartment;
import kr.seoul.sane.proposal.model.SupportingOpinion;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TimelineEvent;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a supporting department (협조부서) may do: give one opinion while the proposal is open. It changes no status
 * (the responsible department decides) and so never invalidates a decision being taken on the same state.
 */
public final class OpinionRules {

    /** The timeline actor of an opinion; not an {@link Actor}, since it never changes a status. */
    public static final String ACTOR = "SUPPORTING_DEPARTMENT";
    public static final int MAX_OPINION = 2000;
    /** The statuses in which an opinion can still inform the decision or the cooperation. */
    public static final Set<ProposalStatus> OPEN = Lifecycle.OPEN;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");

    private OpinionRules() {
    }

    /** The problem with an opinion's text, if any (Korean, on the {@code opinion} field). */
    public static Optional<Lifecycle.Problem> check(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.of(new Lifecycle.Problem("opinion", "의견을 입력해 주세요."));
        }
        if (t.length() > MAX_OPINION) {
            return Optional.of(new Lifecycle.Problem("opinion",
                    "의견은 " + MAX_OPINION + "자 이내로 입력해 주세요. (지금 " + t.length() + "자)"));
        }
        if (CONTROL.matcher(t).find()) {
            return Optional.of(new Lifecycle.Problem("opinion", "의견에 쓸 수 없는 제어 문자가 들어 있습니다."));
        }
        return Optional.empty();
    }

    /** The opinion as stored (text trimmed); call after {@link #check} found nothing. */
    public static SupportingOpinion opinion(String departmentCode, String departmentName, String text, Instant at) {
        return new SupportingOpinion(departmentCode, departmentName, text.strip(), at);
    }

    /** The timeline entry of an opinion: who gave one, not what it says. */
    public static TimelineEntry entry(SupportingOpinion opinion) {
        return new TimelineEntry(null, opinion.at(), opinion.departmentName(), ACTOR, TimelineEvent.SUPPORTING_OPINION);
    }

    /** The supporting departments routing named, each once and none that is the responsible department. */
    public static List<SupportingDepartment> supporting(List<SupportingDepartment> named, String responsible) {
        Set<String> seen = new HashSet<>();
        return named.stream().filter(d -> d.code() != null && !d.code().equals(responsible) && seen.add(d.code()))
                .toList();
    }
}
