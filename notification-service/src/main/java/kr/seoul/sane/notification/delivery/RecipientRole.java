package kr.seoul.sane.notification.delivery;

public enum RecipientRole {
    APPLICANT, DEPARTMENT, OPERATOR
}
