package kr.seoul.sane.notification.mail;


/** Every kind of mail. Each applicant mail has a subject of its own (mail/messages*.properties). */
public enum MailTemplate {
    APPLICANT_RECEIPT("applicant-receipt", RecipientRole.APPLICANT),
    DEPARTMENT_NEW_PROPOSAL("department-new-proposal", RecipientRole.DEPARTMENT),
    APPLICANT_ROUTED("applicant-routed", RecipientRole.APPLICANT),
    APPLICANT_ACCEPTED("applicant-accepted", RecipientRole.APPLICANT),
    APPLICANT_DECLINED("applicant-declined", RecipientRole.APPLICANT),
    APPLICANT_TRANSFERRED("applicant-transferred", RecipientRole.APPLICANT),
    APPLICANT_INFO_REQUESTED("applicant-info-requested", RecipientRole.APPLICANT),
    APPLICANT_IN_DISCUSSION("applicant-in-discussion", RecipientRole.APPLICANT),
    APPLICANT_COMPLETED("applicant-completed", RecipientRole.APPLICANT),
    /** An operator found that the text is not a cooperation proposal: where to turn instead. */
    APPLICANT_NOT_A_PROPOSAL("applicant-not-a-proposal", RecipientRole.APPLICANT),
    /** The confirmation code of the applicant's request to erase their personal data. */
    APPLICANT_ERASURE_CODE("applicant-erasure-code", RecipientRole.APPLICANT),
    /** The department a proposal was transferred away from: a short note. */
    DEPARTMENT_TRANSFERRED("department-transferred", RecipientRole.DEPARTMENT),
    /** The applicant answered the department's information request. */
    DEPARTMENT_INFO_ANSWERED("department-info-answered", RecipientRole.DEPARTMENT),
    DEPARTMENT_REMINDER("department-reminder", RecipientRole.DEPARTMENT),
    /** A supporting department (협조부서) is asked for its opinion; the responsible department decides. */
    DEPARTMENT_SUPPORTING_REQUEST("department-supporting-request", RecipientRole.DEPARTMENT),
    OPERATOR_ESCALATION("operator-escalation", RecipientRole.OPERATOR);

    private final String key;
    private final RecipientRole role;

    MailTemplate(String key, RecipientRole role) {
        this.key = key;
        this.role = role;
    }

    /** The name used in delivery ids, events and metrics. */
    public String key() {
        return key;
    }

    public RecipientRole role() {
        return role;
    }

    /** The template that renders it (without .jte): the same name under src/main/jte/html and src/main/jte/text. */
    String view() {
        return role == RecipientRole.APPLICANT ? "applicant" : key;
    }
}
