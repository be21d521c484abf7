package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.delivery.SourceEvent;
import kr.seoul.sane.notification.links.DepartmentLinksTest;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions;
import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of mail {@link MailPlanner} renders, for fixed events and a fixed clock, byte for byte as recorded in
 * {@code src/test/resources/mail-renderings/planned-mails.txt}: moving texts or model building must not change a
 * mail. Run with {@code -Dmail.renderings.write=true} to record a deliberate change of the mails again.
 */
class PlannedMailRenderingTest {

    private static final Pattern LIST_LINK = Pattern.compile(
            "https://[^\\s\"]+/department/proposals\\?department=([A-Z_]+)&token=([A-Za-z0-9_.-]+)");
    private static final Path RECORDED = Path.of("src/test/resources/mail-renderings/planned-mails.txt");
    private static final String SECRET = PlannerFixture.SECRET;
    private static final JsonMapper JSON = PlannerFixture.JSON;
    private static final String P1 = "6741a3f2c9e77b1d2a5f0a01";
    private static final String P2 = "6741a3f2c9e77b1d2a5f0a02";
    private static final String P3 = "6741a3f2c9e77b1d2a5f0a03";

    private final StringBuilder rendered = new StringBuilder();
    private final List<MailRequest> departmentMails = new ArrayList<>();
    private final PlannerFixture fixture = new PlannerFixture(this::append);
    private final ProposalSuggestions suggestions = fixture.suggestions;
    private final MailPlanner planner = fixture.planner;

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
        assertThat(departmentMails).as("no department mail has a Cc").allMatch(r -> r.cc().isEmpty());
        assertThat(departmentMails).extracting(r -> r.template().key()).as("a supporting department's own mail")
                .contains("department-supporting-request");
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
     * A retired department's proposal handed over to its successor in its status (status = previous status): nothing
     * is mailed, to the applicant or to a department; the next real step mails as usual.
     */
    @Test
    void aHandoverInTheSameStatusMailsNobody() {
        planner.onSubmitted(submitted(P1, "ko", "NONPROFIT", null));
        planner.onRouted(routed(P1, "AUTO", null, "NONPROFIT", false, null));
        rendered.setLength(0);
        planner.onStatusChanged(statusChanged(P1, "ACCEPTED", "ACCEPTED", "CLIMATE", "OPERATOR",
                "부서 개편: 자원순환과(RESOURCE_CIRCULATION)이(가) 폐지되어 기후환경정책과(CLIMATE)으로 넘깁니다."));
        assertThat(rendered.toString()).isEmpty();
        planner.onStatusChanged(statusChanged(P1, "COMPLETED", "ACCEPTED", "CLIMATE", "DEPARTMENT", "마쳤습니다."));
        assertThat(rendered.toString()).contains("applicant-completed");
    }

    /**
     * Both parts of a department mail link to the list of its department, signed for that department; a supporting
     * department's mail does not (it links its opinion page alone).
     */
    private static void carriesItsDepartmentsListLink(MailRequest request) {
        String key = request.template().key();
        for (String part : List.of(request.mail().text(), request.mail().html().replace("&amp;", "&"))) {
            Matcher m = LIST_LINK.matcher(part);
            if (request.template() == kr.seoul.sane.notification.mail.MailTemplate.DEPARTMENT_SUPPORTING_REQUEST) {
                assertThat(m.find()).as(key + " links no list").isFalse();
                assertThat(part).as(key).contains("/opinion?token=");
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
        return PlannerFixture.example(type, proposalId, eventId);
    }

    private static Envelope<JsonNode> submitted(String proposalId, String language, String organizationType, String attachment) {
        ObjectNode event = example("proposal.submitted", proposalId, "s-" + proposalId);
        fill((ObjectNode) event.path("payload").path("proposal"), proposalId, language, organizationType, attachment);
        return PlannerFixture.event(event);
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

    private static Envelope<JsonNode> routed(String proposalId, String routedBy, String previous, String organizationType,
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
        return PlannerFixture.event(event);
    }

    private static Envelope<JsonNode> statusChanged(String proposalId, String status, String previous, String departmentCode,
                                        String actor, String note) {
        ObjectNode event = example("proposal.status-changed", proposalId, "c-" + status + "-" + proposalId);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("trackingCode", "SN-TEST-" + proposalId.substring(20));
        payload.put("status", status);
        payload.put("previousStatus", previous);
        payload.put("departmentCode", departmentCode);
        payload.put("actor", actor);
        payload.put("note", note);
        return PlannerFixture.event(event);
    }

    private static Envelope<JsonNode> erasureRequested(String proposalId, String language, String code) {
        String eventId = "e-" + proposalId;
        ObjectNode event = example("proposal.erasure-requested", proposalId, eventId);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("trackingCode", "SN-TEST-" + proposalId.substring(20));
        payload.put("email", "applicant-" + proposalId.substring(20) + "@example.org");
        payload.put("language", language);
        payload.put("expiresAt", "2026-11-23T10:15:00Z");
        payload.put("encryptedCode", ErasureCodeCipher.of(SECRET).encrypt(code, proposalId, eventId));
        return PlannerFixture.event(event);
    }
}
