package kr.seoul.sane.notification.ops;

import kr.seoul.sane.notification.delivery.DeliveryDispatcher;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** An operator's resend of a failed delivery, for the ops API and the ops page alike. */
@Component
class DeliveryResend {

    private static final Logger log = LoggerFactory.getLogger(DeliveryResend.class);

    enum Outcome { REQUEUED, NOT_FAILED, UNKNOWN }

    private final DeliveryStore store;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;

    DeliveryResend(DeliveryStore store, DeliveryDispatcher dispatcher, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** FAILED → RETRY due now (attempts from zero), then the senders pick it up at once. */
    Outcome resend(String id) {
        if (!store.exists(id)) {
            return Outcome.UNKNOWN;
        }
        if (!store.requeueFailed(id, clock.instant())) {
            return Outcome.NOT_FAILED;
        }
        log.info("delivery {} requeued by an operator", id);
        dispatcher.poll();
        return Outcome.REQUEUED;
    }
}
