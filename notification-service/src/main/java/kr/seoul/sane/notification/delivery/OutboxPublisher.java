package kr.seoul.sane.notification.delivery;

import java.util.concurrent.CompletableFuture;

/** Sends one outbox event to its topic; the future completes when the broker acknowledged it. */
public interface OutboxPublisher {

    CompletableFuture<?> send(PendingEvent event);
}
