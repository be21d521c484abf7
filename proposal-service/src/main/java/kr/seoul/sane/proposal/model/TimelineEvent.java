package kr.seoul.sane.proposal.model;

/**
 * A timeline entry that records what happened around a proposal without changing its status (learned from
 * notification-service's events). {@code internal} entries are shown on the ops console only, never to the applicant
 * or the department.
 */
public enum TimelineEvent {
    /** The department mail reached the department's mailbox. */
    DELIVERED("부서에 전달됨", false),
    /** The department address failed permanently; the copy reached the 협력담당부서 (PARTNERSHIP) mailbox. */
    DELIVERED_FALLBACK("협력담당부서에 전달됨 (부서 메일 주소 오류)", false),
    /** The department mail failed permanently (SMTP refused the address). */
    DELIVERY_FAILED("부서 메일 발송 실패", true),
    /** A supporting department (협조부서) gave its opinion; the note names the department, never the opinion. */
    SUPPORTING_OPINION("협조부서 의견 등록", false),
    /** notification-service escalated the proposal to the operators: the department has not acted in time. */
    OVERDUE("답변 기한 초과 — 운영자에게 알림", true);

    private final String label;
    private final boolean internal;

    TimelineEvent(String label, boolean internal) {
        this.label = label;
        this.internal = internal;
    }

    /** The Korean label (the pages take theirs from {@code timeline.<name>} in the messages). */
    public String label() {
        return label;
    }

    public boolean internal() {
        return internal;
    }
}
