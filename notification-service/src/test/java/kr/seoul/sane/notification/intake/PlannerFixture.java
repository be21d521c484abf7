package kr.seoul.sane.notification.intake;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.notification.EmbeddedStore;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.contact.ApplicantContacts;
import kr.seoul.sane.notification.delivery.DeliveryRecorder;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.delivery.SourceEvent;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.directory.DepartmentMailboxes;
import kr.seoul.sane.notification.event.ErasureCodes;
import kr.seoul.sane.notification.links.DepartmentActions;
import kr.seoul.sane.notification.links.DepartmentLinks;
import kr.seoul.sane.notification.mail.BusinessCalendar;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.notification.mail.MailTemplate;
import kr.seoul.sane.notification.reminder.DepartmentAssignments;
import kr.seoul.sane.notification.reminder.DepartmentReminders;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions;
import kr.seoul.sane.tracing.EventTracing;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A {@link MailPlanner} (and the department reminders) wired by hand on a database of its own, with a fixed clock:
 * every mail it plans is rendered and handed to {@code planned} instead of being recorded.
 */
final class PlannerFixture {

    static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";
    static final JsonMapper JSON = JsonMapper.builder().build();

    final MongoTemplate mongo = EmbeddedStore.template("planner");
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    final NotificationProperties properties = new NotificationProperties("서울사네 <no-reply@sane.seoul.example>",
            "https://sane.seoul.example/", "https://sane.seoul.example/track", 3, 7, "",
            new NotificationProperties.Dispatch(4, 2000, Duration.ofSeconds(20), 500, Duration.ofMinutes(2),
                    Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMinutes(5), 60, 3),
            new NotificationProperties.Retention(Duration.ofDays(30)),
            new NotificationProperties.Links(SECRET, Duration.ofDays(30), Duration.ofDays(30)));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ProposalSuggestions suggestions = new ProposalSuggestions(mongo);
    final DepartmentAssignments assignments = new DepartmentAssignments(mongo);
    final DepartmentReminders reminders;
    final MailPlanner planner;

    PlannerFixture(BiConsumer<SourceEvent, MailRequest> planned) {
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        EventTracing tracing = new EventTracing(none.getBeanProvider(Tracer.class),
                none.getBeanProvider(Propagator.class));
        DeliveryRecorder recorder = new DeliveryRecorder(null, null, clock, properties, meters, tracing) {
            @Override
            public boolean record(SourceEvent source, MailTemplate template, Supplier<MailRequest> request) {
                planned.accept(source, request.get());
                return true;
            }

            @Override
            public int recordAll(SourceEvent source, List<Planned> mails) {
                mails.forEach(mail -> planned.accept(source, mail.request().get()));
                return mails.size();
            }
        };
        MailComposer composer = new MailComposer();
        DepartmentDirectory directory = new DepartmentDirectory(JSON);
        DepartmentMailboxes mailboxes = new DepartmentMailboxes(directory, composer, meters);
        DepartmentActions actions = new DepartmentActions(new DepartmentLinks(properties), composer);
        reminders = new DepartmentReminders(assignments, recorder, composer, directory, mailboxes,
                new BusinessCalendar(), properties, clock, actions);
        planner = new MailPlanner(new EnvelopeReader(JSON), recorder,
                new MailRequests(composer, directory, mailboxes, properties, clock, actions, suggestions, reminders),
                new ApplicantContacts(mongo), directory, mailboxes, properties, clock, assignments, reminders,
                tracing, new ErasureCodes(properties));
    }

    /** The contract's example event of {@code type}, for another proposal and with another event id. */
    static ObjectNode example(String type, String proposalId, String eventId) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(type));
        event.put("proposalId", proposalId);
        event.put("eventId", eventId);
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        return event;
    }

    /** The count of {@code sane.mail.department.unknown} or another counter. */
    double count(String counter) {
        return meters.counter(counter).count();
    }

    /** The envelope of a test event, read from its JSON as the listener reads a record. */
    static Envelope<JsonNode> event(ObjectNode event) {
        return new EnvelopeReader(JSON).read(JSON.writeValueAsBytes(event), null);
    }
}
