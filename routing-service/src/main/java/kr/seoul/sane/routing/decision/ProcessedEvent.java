package kr.seoul.sane.routing.decision;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** An incoming event already handled; the id (= eventId) is unique, so a redelivery is recognised. */
@Document("processed_events")
public record ProcessedEvent(@Id String id, String type, Instant processedAt) {
}
