package kr.seoul.sane.notification.delivery;

/**
 * PENDING → SENDING → SENT, or → RETRY (due again at nextAttemptAt) → SENDING …, or → FAILED. A waiting applicant
 * mail (PENDING, RETRY) becomes CANCELLED when the applicant had their personal data erased.
 */
public enum DeliveryStatus {
    PENDING, SENDING, RETRY, SENT, FAILED, CANCELLED
}
