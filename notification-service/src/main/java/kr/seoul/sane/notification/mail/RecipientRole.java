package kr.seoul.sane.notification.mail;

/** Who a mail is for. */
public enum RecipientRole {
    APPLICANT, DEPARTMENT, OPERATOR
}
