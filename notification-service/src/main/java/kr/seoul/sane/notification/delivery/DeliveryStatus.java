package kr.seoul.sane.notification.delivery;

/** PENDING → SENDING → SENT, or → RETRY (due again at nextAttemptAt) → SENDING …, or → FAILED. */
public enum DeliveryStatus {
    PENDING, SENDING, RETRY, SENT, FAILED
}
