package kr.seoul.sane.notification.intake;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.contact.ApplicantContacts;
import kr.seoul.sane.notification.delivery.DeliveryRecorder;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.delivery.SourceEvent;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import kr.seoul.sane.notification.event.ErasureCodes;
import kr.seoul.sane.notification.event.EventReader;
import kr.seoul.sane.notification.links.DepartmentActions;
import kr.seoul.sane.notification.links.DepartmentLinks;
import kr.seoul.sane.notification.links.DepartmentLinksTest;
import kr.seoul.sane.notification.mail.BusinessCalendar;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.notification.mail.MailTemplate;
import kr.seoul.sane.notification.reminder.DepartmentAssignments;
import kr.seoul.sane.notification.reminder.DepartmentReminders;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions;
import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import kr.seoul.sane.tracing.EventTracing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of mail {@link MailPlanner} renders, for fixed events and a fixed clock, byte for byte as recorded in
 * {@code src/test/resources/mail-renderings/planned-mails.txt}: moving texts or model building must not change a
 * mail. Run with {@code -Dmail.renderings.write=true} to record a deliberate change of the mails again.
 */
class PlannedMailRenderingTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress ADDRESS = MONGO.bind();
    private static final MongoClient CLIENT = MongoClients.create(
            "mongodb://" + ADDRESS.getHostString() + ":" + ADDRESS.getPort());
    private static final Pattern LIST_LINK = Pattern.compile(
            "https://[^\\s\"]+/department/proposals\\?department=([A-Z_]+)&token=([A-Za-z0-9_.-]+)");
    private static final Path RECORDED = Path.of("src/test/resources/mail-renderings/planned-mails.txt");
    private static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String P1 = "6741a3f2c9e77b1d2a5f0a01";
    private static final String P2 = "6741a3f2c9e77b1d2a5f0a02";
    private static final String P3 = "6741a3f2c9e77b1d2a5f0a03";

    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "renderings-" + System.nanoTime());
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final NotificationProperties properties = new NotificationProperties("서울사네 <no-reply@sane.seoul.example>",
            "https://sane.seoul.example/", "https://sane.seoul.example/track", 3, 7, "",
            new NotificationProperties.Dispatch(4, 2000, Duration.ofSeconds(20), 500, Duration.ofMinutes(2),
                    Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMinutes(5), 60, 3),
            new NotificationProperties.Retention(Duration.ofDays(30)),
            new NotificationProperties.Links(SECRET, Duration.ofDays(30), Duration.ofDays(30)));
    private final DefaultListableBeanFactory none = new DefaultListableBeanFactory();
    private final EventTracing tracing = new EventTracing(none.getBeanProvider(Tracer.class),
            none.getBeanProvider(Propagator.class));
    private final StringBuilder rendered = new StringBuilder();
    private final List<MailRequest> departmentMails = new ArrayList<>();
    private final DeliveryRecorder recorder = new DeliveryRecorder(null, null, clock, properties,
            new SimpleMeterRegistry(), tracing) {
        @Override
        public boolean record(SourceEvent source, MailTemplate template, Supplier<MailRequest> request) {
            append(source, request.get());
            return true;
        }

        @Override
        public int recordAll(SourceEvent source, List<Planned> mails) {
            mails.forEach(mail -> append(source, mail.request().get()));
            return mails.size();
        }
    };
    private final ProposalSuggestions suggestions = new ProposalSuggestions(mongo);
    private final DepartmentAssignments assignments = new DepartmentAssignments(mongo);
    private final MailComposer composer = new MailComposer();
    private final DepartmentDirectory directory = new DepartmentDirectory(JSON);
    private final DepartmentActions actions = new DepartmentActions(new DepartmentLinks(properties), composer);
    private final DepartmentReminders reminders = new DepartmentReminders(assignments, recorder, composer, directory,
            new BusinessCalendar(), properties, clock, actions);
    private final MailPlanner planner = new MailPlanner(new EventReader(JSON), recorder,
            new MailRequests(composer, directory, properties, clock, actions, suggestions, reminders),
            new ApplicantContacts(mongo), directory, properties, clock, assignments, reminders, tracing,
            new ErasureCodes(properties));

    @AfterAll
    static void stop() {
        CLIENT.close();
        MONGO.shutdown();
    }

    @Test
    void everyPlannedMailIsRenderedAsRecorded() throws IOException {
        planner.onSubmitted(submitted(P1, "ko", "NONPROFIT", "<계획서>\r\n.pdf"));
        planner.onSubmitted(submitted(P2, "en", "COMPANY", null));
        planner.onSubmitted(submitted(P3, "ko", null, null));
        suggestions.remember(new ProposalSuggestions.Suggestions(P1, "c1", Instant.parse("2026-11-23T09:15:40Z"),
                List.of(new ProposalSuggestions.SimilarCase("빗물 저금통 시민 캠페인", "https://sane.seoul.example/cases/1"),
                        new ProposalSuggestions.SimilarCase("병뚜껑 모으기", "https://sane.seoul.example/cases/2"),
                        new ProposalSuggestions.SimilarCase("카페 컵 회수", "https://sane.seoul.example/cases/3"),
                        new ProposalSuggestions.SimilarCase("넷째는 빠집니다", "https://sane.seoul.example/cases/4")),
                List.of(new ProposalSuggestions.Institution("새활용플라자", "https://seoulup.or.kr"))));
        planner.onRouted(routed(P1, "AUTO", null, "NONPROFIT", true, "<계획서>\r\n.pdf"));
        planner.onRouted(routed(P2, "OPERATOR", null, "COMPANY", false, null));
        planner.onRouted(routed(P3, "TRANSFER", "CLIMATE", "SOMETHING_ELSE", false, ""));
        for (String status : List.of("ACCEPTED", "DECLINED", "INFO_REQUESTED", "IN_DISCUSSION", "COMPLETED")) {
            planner.onStatusChanged(statusChanged(P1, status, "ROUTED", "RESOURCE_CIRCULATION", "DEPARTMENT",
                    "수거함 설치 장소를 함께 검토하겠습니다."));
        }
        planner.onStatusChanged(statusChanged(P2, "ACCEPTED", "ROUTED", "RESOURCE_CIRCULATION", "DEPARTMENT",
                "We will call you."));
        planner.onStatusChanged(statusChanged(P1, "IN_REVIEW", "INFO_REQUESTED", "RESOURCE_CIRCULATION",
                "APPLICANT", "어르신 40명, 망원동 공유부엌입니다."));
        planner.onStatusChanged(statusChanged(P3, "NOT_A_PROPOSAL", "TRIAGE", null, "OPERATOR",
                "응답소로 문의해 주세요."));
        planner.onStatusChanged(statusChanged(P1, "TRANSFERRED", "IN_REVIEW", "CLIMATE", "DEPARTMENT",
                "기후 분야에 더 알맞습니다."));
        planner.onErasureRequested(erasureRequested(P1, "ko", "482913"));
        planner.onErasureRequested(erasureRequested(P2, "en", "105377"));

        assertThat(departmentMails).extracting(r -> r.template().key()).contains("department-new-proposal",
                "department-transferred", "department-info-answered");
        assertThat(departmentMails).as("mails with and without Cc").anyMatch(r -> r.cc().isEmpty())
                .anyMatch(r -> !r.cc().isEmpty());
        departmentMails.forEach(PlannedMailRenderingTest::carriesItsDepartmentsListLink);
        String actual = rendered.toString();
        assertThat(actual).contains("department-new-proposal", "department-transferred", "department-info-answered",
                "applicant-erasure-code", "applicant-not-a-proposal", "applicant-completed");
        if (Boolean.getBoolean("mail.renderings.write")) {
            Files.createDirectories(RECORDED.getParent());
            Files.writeString(RECORDED, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(RECORDED, StandardCharsets.UTF_8));
    }

    /**
     * Both parts of a department mail link to the list of its department, signed for that department; a mail with
     * supporting departments in Cc does not (the list is for the department alone).
     */
    private static void carriesItsDepartmentsListLink(MailRequest request) {
        String key = request.template().key();
        for (String part : List.of(request.mail().text(), request.mail().html().replace("&amp;", "&"))) {
            Matcher m = LIST_LINK.matcher(part);
            if (!request.cc().isEmpty()) {
                assertThat(m.find()).as(key + " with Cc links no list").isFalse();
                continue;
            }
            assertThat(m.find()).as(key + " links the department's list").isTrue();
            assertThat(m.group(1)).as(key).isEqualTo(request.departmentCode());
            assertThat(DepartmentLinksTest.verify(m.group(2), SECRET)).as(key)
                    .startsWith("@department-list|" + request.departmentCode() + "|");
        }
    }

    private void append(SourceEvent source, MailRequest request) {
        if (request.template().key().startsWith("department-")) {
            departmentMails.add(request);
        }
        rendered.append("=== ").append(source.type()).append(' ').append(source.proposalId()).append(' ')
                .append(request.template().key()).append(" to ").append(request.recipient()).append(" cc ")
                .append(request.cc()).append(" department ").append(request.departmentCode()).append('\n')
                .append("Subject: ").append(request.mail().subject()).append('\n')
                .append("--- text\n").append(request.mail().text()).append('\n')
                .append("--- html\n").append(request.mail().html()).append('\n');
    }

    private static ObjectNode example(String type, String proposalId, String eventId) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(type));
        event.put("proposalId", proposalId);
        event.put("eventId", eventId);
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        return event;
    }

    private static byte[] submitted(String proposalId, String language, String organizationType, String attachment) {
        ObjectNode event = example("proposal.submitted", proposalId, "s-" + proposalId);
        fill((ObjectNode) event.path("payload").path("proposal"), proposalId, language, organizationType, attachment);
        return JSON.writeValueAsBytes(event);
    }

    /** @param attachment the attached file's name, or null for none */
    private static void fill(ObjectNode proposal, String proposalId, String language, String organizationType,
                             String attachment) {
        proposal.put("trackingCode", "SN-TEST-" + proposalId.substring(20));
        proposal.put("language", language);
        proposal.put("email", "applicant-" + proposalId.substring(20) + "@example.org");
        if (organizationType == null) {
            proposal.putNull("organizationType");
        } else {
            proposal.put("organizationType", organizationType);
        }
        if (attachment != null) {
            ObjectNode file = proposal.putObject("attachment");
            file.put("id", "a1");
            file.put("filename", attachment);
            file.put("size", 1_234_567L);
            file.put("contentType", "application/pdf");
            file.put("downloadPath", "/attachments/abc?token=x.y");
        }
    }

    private static byte[] routed(String proposalId, String routedBy, String previous, String organizationType,
                                 boolean supporting, String attachment) {
        ObjectNode event = example("proposal.routed", proposalId, "r-" + proposalId);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("routedBy", routedBy);
        if (previous != null) {
            payload.put("previousDepartmentCode", previous);
        }
        if (supporting) {
            ArrayNode departments = payload.putArray("supportingDepartments");
            departments.addObject().put("code", "CLIMATE").put("email", "climate@dept.seoul.example");
            departments.addObject().put("code", "PARTNERSHIP").put("name", "민관협력담당관")
                    .put("email", "partnership@dept.seoul.example");
            departments.addObject().put("code", "RESOURCE_CIRCULATION")
                    .put("email", "RESOURCE-circulation@dept.seoul.example");
        }
        fill((ObjectNode) payload.path("proposal"), proposalId, proposalId.equals(P2) ? "en" : "ko", organizationType,
                attachment);
        return JSON.writeValueAsBytes(event);
    }

    private static byte[] statusChanged(String proposalId, String status, String previous, String departmentCode,
                                        String actor, String note) {
        ObjectNode event = example("proposal.status-changed", proposalId, "c-" + status + "-" + proposalId);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("trackingCode", "SN-TEST-" + proposalId.substring(20));
        payload.put("status", status);
        payload.put("previousStatus", previous);
        payload.put("departmentCode", departmentCode);
        payload.put("actor", actor);
        payload.put("note", note);
        return JSON.writeValueAsBytes(event);
    }

    private static byte[] erasureRequested(String proposalId, String language, String code) {
        String eventId = "e-" + proposalId;
        ObjectNode event = example("proposal.erasure-requested", proposalId, eventId);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("trackingCode", "SN-TEST-" + proposalId.substring(20));
        payload.put("email", "applicant-" + proposalId.substring(20) + "@example.org");
        payload.put("language", language);
        payload.put("expiresAt", "2026-11-23T10:15:00Z");
        payload.put("encryptedCode", ErasureCodeCipher.of(SECRET).encrypt(code, proposalId, eventId));
        return JSON.writeValueAsBytes(event);
    }
}
