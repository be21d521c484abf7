package kr.seoul.sane.routing.directory;

import kr.seoul.sane.events.EnvelopeWriter;
import kr.seoul.sane.routing.decision.OutboxRelayGate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes {@code department.directory-changed} for every stored version (key and envelope {@code proposalId} = the
 * department code, the whole department and its version in the payload). The version is stored with
 * {@code pendingEvent: true} (the outbox, one write with the change); the flag is cleared once the broker
 * acknowledged the event. A relay publishes versions left pending by a crash or a broker outage under the same
 * event id (derived from {@code CODE@version}), so consumers drop a copy; like the decisions' outbox it queries the
 * store only after the start, after a failed publish and every {@code sane.routing.outbox.sweep}.
 */
@Component
class DirectoryEvents {

    static final String TYPE = "department.directory-changed";
    private static final Logger log = LoggerFactory.getLogger(DirectoryEvents.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final MongoTemplate mongo;
    private final EnvelopeWriter writer;
    private final String topic;
    private final Duration relayAge;
    private final Clock clock;
    private final OutboxRelayGate gate;

    DirectoryEvents(KafkaTemplate<String, byte[]> kafka, MongoTemplate mongo, EnvelopeWriter writer,
                    @Value("${sane.routing.topics.directory:" + TYPE + "}") String topic,
                    @Value("${sane.routing.outbox.relay-age:30s}") Duration relayAge,
                    @Value("${sane.routing.outbox.sweep:30m}") Duration sweep, Clock clock) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.writer = writer;
        this.topic = topic;
        this.relayAge = relayAge;
        this.clock = clock;
        this.gate = new OutboxRelayGate(clock, sweep);
    }

    /**
     * Publishes the versions' events, waits for the acknowledgements and clears their outbox flags. A failure is
     * logged and left to the relay: the change itself is stored and in force.
     */
    void publish(List<DepartmentVersion> versions) {
        try {
            OutboxRelayGate.await(versions.stream().<CompletableFuture<?>>map(this::send).toList());
            clear(versions);
        } catch (RuntimeException e) {
            gate.mayBePending();
            log.warn("department.directory-changed of {} not acknowledged, left to the relay: {}",
                    versions.stream().map(DepartmentVersion::id).toList(), e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${sane.routing.outbox.relay-interval:60s}",
            initialDelayString = "${sane.routing.outbox.relay-interval:60s}")
    void relay() {
        if (!gate.shouldLook()) {
            return;
        }
        try {
            List<DepartmentVersion> pending = mongo.find(Query.query(Criteria.where("pendingEvent").is(true)),
                    DepartmentVersion.class);
            Instant old = clock.instant().minus(relayAge);
            List<DepartmentVersion> stale = pending.stream()
                    .filter(v -> v.effectiveFrom() == null || !v.effectiveFrom().isAfter(old)).toList();
            if (stale.size() < pending.size()) {
                gate.mayBePending();
            }
            if (!stale.isEmpty()) {
                OutboxRelayGate.await(stale.stream().<CompletableFuture<?>>map(this::send).toList());
                clear(stale);
                log.info("directory outbox relay published {} department versions", stale.size());
            }
        } catch (RuntimeException e) {
            gate.mayBePending();
            log.warn("directory outbox relay: {}", e.toString());
        }
    }

    private void clear(List<DepartmentVersion> published) {
        for (DepartmentVersion v : published) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(v.id())), new Update().unset("pendingEvent"),
                    DepartmentVersion.class);
        }
    }

    private CompletableFuture<?> send(DepartmentVersion v) {
        byte[] json = writer.bytes(writer.envelope(eventId(v), TYPE, v.code(), clock.instant(), payload(v)));
        return kafka.send(new ProducerRecord<>(topic, v.code(), json));
    }

    static String eventId(DepartmentVersion v) {
        return EnvelopeWriter.eventIdOf(TYPE, v.id());
    }

    static Map<String, Object> payload(DepartmentVersion v) {
        Map<String, Object> department = new LinkedHashMap<>();
        department.put("code", v.code());
        department.put("name", v.name());
        department.put("office", v.office());
        department.put("email", v.email());
        department.put("fields", v.fields() == null ? List.of() : v.fields());
        department.put("responsibilities", v.responsibilities());
        department.put("notFor", v.notFor());
        department.put("keywords", v.keywords());
        department.put("aliases", v.aliases());
        department.put("targetGroup", v.targetGroup());
        department.put("status", v.active() ? "ACTIVE" : "RETIRED");
        department.put("successorCode", v.successorCode());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("change", v.changeOrDefault().name());
        payload.put("version", v.version());
        payload.put("effectiveFrom", v.effectiveFrom() == null ? null : v.effectiveFrom().toString());
        payload.put("changedBy", v.changedBy());
        payload.put("reason", v.reason());
        payload.put("department", department);
        return payload;
    }
}
