package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.notification.contact.ApplicantContacts;
import kr.seoul.sane.notification.delivery.DeliveryRecorder;
import kr.seoul.sane.notification.reminder.DepartmentAssignments;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Plans the mails of a polled batch, their deliveries written in one bulk insert at its end
 * ({@link DeliveryRecorder#batch}), the applicants' contacts, the departments' reminder clocks and the suggestions in one bulk write each. Hands each record of the batch to what its topic calls for, inside the event's trace (the envelope's
 * {@code traceparent}, else the record's {@code traceparent} header). A record that fails is reported with its index, so the records before it are committed and
 * the error handler retries or dead-letters it (see {@link EventListeners}).
 */
@Component
public class EventIntake {

    private final MailPlanner planner;
    private final SuggestionIntake suggestionIntake;
    private final ErasureIntake erasures;
    private final EventTracing tracing;
    private final DeliveryRecorder recorder;
    private final DepartmentAssignments assignments;
    private final ProposalSuggestions suggestions;
    private final ApplicantContacts contacts;
    private final EnvelopeReader reader;

    /** Events whose handling reads what the events before them wrote. */
    private static final Set<String> READS_WHAT_WAS_WRITTEN = Set.of("proposal.personal-data-erased",
            "proposal.erasure-requested", EventListeners.STATUS_CHANGED);

    EventIntake(MailPlanner planner, SuggestionIntake suggestionIntake, ErasureIntake erasures, EventTracing tracing,
                DeliveryRecorder recorder, DepartmentAssignments assignments, ProposalSuggestions suggestions,
                ApplicantContacts contacts, EnvelopeReader reader) {
        this.reader = reader;
        this.contacts = contacts;
        this.recorder = recorder;
        this.planner = planner;
        this.suggestionIntake = suggestionIntake;
        this.assignments = assignments;
        this.suggestions = suggestions;
        this.erasures = erasures;
        this.tracing = tracing;
    }

    /** The dead-letter topics of the consumed topics ({@code error.<topic>.notification-service}). */
    public static List<String> deadLetterTopics() {
        return EventListeners.consumedTopics().stream().map(EventListeners::deadLetterTopic).toList();
    }

    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        try {
            // the department mails of the batch read their proposals' suggestions in one query
            suggestions.openPoll(records.stream().filter(r -> r.topic().equals("proposal.routed"))
                    .map(ConsumerRecord::key).filter(Objects::nonNull).distinct().toList());
        } catch (RuntimeException e) {
            suggestions.closePoll();
            throw new BatchListenerFailedException("reading ahead failed: " + e.getMessage(), e, 0);
        }
        assignments.openPoll();
        contacts.openPoll();
        try {
            recorder.batch(() -> {
                int unwrittenFrom = 0; // the first record whose writes are not written yet
                for (int i = 0; i < records.size(); i++) {
                    ConsumerRecord<String, byte[]> record = records.get(i);
                    if (READS_WHAT_WAS_WRITTEN.contains(record.topic())) {
                        // the erasure cancels the applicant's unsent mails, and a status change or an erasure code
                        // reads the applicant's contact: what was planned before it is written first
                        write(records, unwrittenFrom);
                        unwrittenFrom = i;
                    }
                    try {
                        handle(record);
                    } catch (RuntimeException e) {
                        // the records before this one are committed: their writes are written first
                        write(records, unwrittenFrom);
                        throw new BatchListenerFailedException(record.topic() + " failed: " + e.getMessage(), e, i);
                    }
                }
                write(records, unwrittenFrom);
            });
        } finally {
            contacts.closePoll();
            assignments.closePoll();
            suggestions.closePoll();
        }
    }

    /**
     * Writes what the batch gathered so far: the applicants' contacts (one bulk upsert, which finds the proposals
     * whose applicant had their data erased: nothing more of those is written), the deliveries (one bulk insert),
     * the departments' reminder clocks and the suggestions (one bulk write each). If that fails (store away), the batch is reported failed at
     * the first record they came from, so only that record is retried (and, after the retries, dead-lettered) and
     * the ones after it are read again, as for a record that failed itself.
     */
    private void write(List<ConsumerRecord<String, byte[]>> records, int unwrittenFrom) {
        try {
            Set<String> erased = contacts.flush(); // the contacts' upserts are the erasure check of the rest
            recorder.flush(erased);
            assignments.flush(erased);
            suggestions.flush();
        } catch (RuntimeException e) {
            ConsumerRecord<String, byte[]> first = records.get(unwrittenFrom);
            throw new BatchListenerFailedException(first.topic() + " failed: " + e.getMessage(), e, unwrittenFrom);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        // read once: the handlers take the envelope, and its trace comes from it
        Envelope<JsonNode> event = reader.read(record.value(), topic);
        Runnable work = switch (topic) {
            case "proposal.submitted" -> () -> planner.onSubmitted(event);
            case "proposal.routed" -> () -> planner.onRouted(event);
            case "catalog.suggested" -> () -> suggestionIntake.onSuggested(event);
            case "proposal.erasure-requested" -> () -> planner.onErasureRequested(event);
            case "proposal.personal-data-erased" -> () -> erasures.onErased(event);
            case EventListeners.STATUS_CHANGED -> () -> planner.onStatusChanged(event);
            default -> throw new IllegalStateException("not a consumed topic: " + topic);
        };
        tracing.run(traceparent(event, record), topic, work);
    }

    /** The envelope's {@code traceparent}, else the record's {@code traceparent} header. */
    private static String traceparent(Envelope<JsonNode> event, ConsumerRecord<String, byte[]> record) {
        if (event.traceparent() != null) {
            return event.traceparent();
        }
        Header header = record.headers().lastHeader("traceparent");
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
