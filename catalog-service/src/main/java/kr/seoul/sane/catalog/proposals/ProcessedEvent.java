package kr.seoul.sane.catalog.proposals;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** Marks an incoming event as handled; its id is the event id, so a redelivery hits the unique _id. */
@Document("processed_events")
public record ProcessedEvent(@Id String id, String type, Instant processedAt) {
}
