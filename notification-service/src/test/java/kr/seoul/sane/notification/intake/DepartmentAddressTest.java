package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.notification.delivery.MailRequest;
import kr.seoul.sane.notification.directory.DepartmentMailboxes;
import kr.seoul.sane.notification.links.DepartmentLinksTest;
import kr.seoul.sane.notification.mail.MailTemplate;
import kr.seoul.sane.notification.reminder.DepartmentAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Departments are mailed at the directory's address for their code, whatever address the event carries: a forged
 * or stale {@code proposal.routed} cannot send a proposal's personal data elsewhere. A code the directory does not
 * know goes to the PARTNERSHIP mailbox with a notice, counted and logged without addresses.
 */
@ExtendWith(OutputCaptureExtension.class)
class DepartmentAddressTest {

    private static final String PROPOSAL = "6741a3f2c9e77b1d2a5f0d01";
    private static final String APPLICANT = "seoyeon.kim@example.org";
    private static final String ELSEWHERE = "elsewhere.example";
    private static final String RESOURCE_CIRCULATION = "resource-circulation@dept.seoul.example";
    private static final String PARTNERSHIP = "partnership@dept.seoul.example";
    private static final String UNKNOWN = "sane.mail.department.unknown";
    private static final String IGNORED = "sane.mail.department.address.ignored";

    private final List<MailRequest> mails = new ArrayList<>();
    private final PlannerFixture fixture = new PlannerFixture((source, mail) -> mails.add(mail));

    @Test
    void aDepartmentIsMailedAtTheDirectorysAddressNotAtTheOneTheEventCarries() {
        fixture.planner.onRouted(routed("RESOURCE_CIRCULATION", "자원순환과", "collector@" + ELSEWHERE,
                "CLIMATE", "climate@" + ELSEWHERE));
        fixture.planner.onStatusChanged(statusChanged("IN_REVIEW", "INFO_REQUESTED", "RESOURCE_CIRCULATION",
                "APPLICANT"));
        fixture.planner.onStatusChanged(statusChanged("TRANSFERRED", "IN_REVIEW", "CLIMATE", "DEPARTMENT"));

        MailRequest department = only(MailTemplate.DEPARTMENT_NEW_PROPOSAL);
        assertThat(department.recipient()).isEqualTo(RESOURCE_CIRCULATION);
        assertThat(department.cc()).as("the supporting department gets a mail of its own").isEmpty();
        assertThat(department.mail().text()).contains("climate@dept.seoul.example")
                .doesNotContain("부서 목록에 없는");
        MailRequest supporting = only(MailTemplate.DEPARTMENT_SUPPORTING_REQUEST);
        assertThat(supporting.recipient()).isEqualTo("climate@dept.seoul.example");
        assertThat(supporting.departmentCode()).isEqualTo("CLIMATE");
        assertThat(linkPayload(supporting.mail().text())).as("bound to the proposal and the supporting department")
                .startsWith("@supporting-opinion|" + PROPOSAL + "|CLIMATE|");
        assertThat(supporting.mail().text()).doesNotContain(APPLICANT, "02-1234-5678");
        assertThat(only(MailTemplate.APPLICANT_ROUTED).mail().text()).contains(RESOURCE_CIRCULATION);
        assertThat(only(MailTemplate.DEPARTMENT_INFO_ANSWERED).recipient()).isEqualTo(RESOURCE_CIRCULATION);
        assertThat(only(MailTemplate.DEPARTMENT_TRANSFERRED).recipient()).isEqualTo(RESOURCE_CIRCULATION);
        assertThat(mails).hasSize(6).allSatisfy(this::nothingGoesElsewhere);
        assertThat(fixture.count(IGNORED)).as("the main and the supporting department's address").isEqualTo(2.0);
        assertThat(fixture.count(UNKNOWN)).isZero();
    }

    @Test
    void aCodeTheDirectoryDoesNotKnowIsMailedToThePartnershipMailboxAndCounted(CapturedOutput output) {
        fixture.planner.onRouted(routed("DISSOLVED_OFFICE", "없어진과", "collector@" + ELSEWHERE,
                "GHOST_TEAM", "ghost@" + ELSEWHERE));
        assertThat(fixture.count(UNKNOWN)).as("the responsible and the supporting department").isEqualTo(2.0);
        fixture.planner.onStatusChanged(statusChanged("IN_REVIEW", "INFO_REQUESTED", "DISSOLVED_OFFICE",
                "APPLICANT"));
        Instant now = fixture.clock.instant();
        fixture.assignments.assigned(new DepartmentAssignment(PROPOSAL, "r-later", null, "SN-7K2F-9QXD-4MHT",
                "폐플라스틱 병뚜껑 새활용 시민 캠페인", "푸른지구 협동조합", "DISSOLVED_OFFICE", "없어진과",
                now.minusSeconds(120), now.minusSeconds(60), now.plus(Duration.ofDays(5)), false, false, false));
        fixture.reminders.run();

        for (MailTemplate template : List.of(MailTemplate.DEPARTMENT_NEW_PROPOSAL,
                MailTemplate.DEPARTMENT_INFO_ANSWERED, MailTemplate.DEPARTMENT_REMINDER)) {
            MailRequest mail = only(template);
            assertThat(mail.recipient()).as(template.key()).isEqualTo(PARTNERSHIP);
            assertThat(mail.departmentCode()).as("recorded for the mailbox that gets it").isEqualTo("PARTNERSHIP");
            assertThat(linkPayload(mail.mail().text())).as("its links still act for the routed department")
                    .startsWith(PROPOSAL + "|DISSOLVED_OFFICE|");
            assertThat(mail.mail().text()).startsWith("※ 부서 목록에 없는 담당부서(없어진과)의 메일이라 민관협력담당관에게 전달합니다.");
            assertThat(mail.mail().html()).contains("※ 부서 목록에 없는 담당부서(없어진과)의 메일이라");
        }
        assertThat(only(MailTemplate.DEPARTMENT_NEW_PROPOSAL).cc()).isEmpty();
        assertThat(mails).as("the PARTNERSHIP mailbox stands in for both: it gets the proposal once")
                .noneMatch(m -> m.template() == MailTemplate.DEPARTMENT_SUPPORTING_REQUEST);
        assertThat(only(MailTemplate.APPLICANT_ROUTED).recipient()).isEqualTo(APPLICANT);
        assertThat(only(MailTemplate.APPLICANT_ROUTED).mail().text()).contains(PARTNERSHIP);
        assertThat(mails).hasSize(4).allSatisfy(this::nothingGoesElsewhere);
        assertThat(fixture.count(UNKNOWN)).as("and the answer and the reminder").isEqualTo(4.0);
        assertThat(fixture.count(IGNORED)).as("an unknown department's address is not compared").isZero();
        String logged = String.join("\n", output.getAll().lines()
                .filter(line -> line.contains(DepartmentMailboxes.class.getSimpleName())).toList());
        assertThat(logged).contains("department DISSOLVED_OFFICE of proposal " + PROPOSAL + " is not in the directory",
                "department GHOST_TEAM of proposal " + PROPOSAL).doesNotContain(ELSEWHERE, APPLICANT, PARTNERSHIP);
    }

    @Test
    void eachSupportingDepartmentIsAskedOnceAndTheResponsibleOneNever() {
        ObjectNode event = PlannerFixture.example("proposal.routed", PROPOSAL, "r-supporting");
        ObjectNode payload = (ObjectNode) event.path("payload");
        ArrayNode supporting = payload.putArray("supportingDepartments");
        for (String code : List.of("RESOURCE_CIRCULATION", "CLIMATE", "CLIMATE", "SOCIAL_INNOVATION")) {
            supporting.addObject().put("code", code).put("name", "협력부서").put("email", "x@dept.seoul.example");
        }
        fixture.planner.onRouted(PlannerFixture.event(event));

        assertThat(mails.stream().filter(m -> m.template() == MailTemplate.DEPARTMENT_SUPPORTING_REQUEST))
                .extracting(MailRequest::departmentCode).containsExactly("CLIMATE", "SOCIAL_INNOVATION");
        assertThat(only(MailTemplate.DEPARTMENT_NEW_PROPOSAL).mail().text())
                .contains("협조 부서 (의견 요청 메일을 따로 받음)", "climate@dept.seoul.example",
                        "social-innovation@dept.seoul.example");
    }

    private void nothingGoesElsewhere(MailRequest mail) {
        assertThat(mail.recipient()).doesNotContain(ELSEWHERE);
        assertThat(mail.cc()).noneMatch(cc -> cc.contains(ELSEWHERE));
        assertThat(mail.mail().text()).doesNotContain(ELSEWHERE);
        assertThat(mail.mail().html()).doesNotContain(ELSEWHERE);
    }

    /** The verified payload of the first department link in a mail. */
    private static String linkPayload(String text) {
        Matcher link = Pattern.compile("\\?token=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)").matcher(text);
        assertThat(link.find()).as("a department link").isTrue();
        return DepartmentLinksTest.verify(link.group(1), PlannerFixture.SECRET);
    }

    private MailRequest only(MailTemplate template) {
        List<MailRequest> found = mails.stream().filter(m -> m.template() == template).toList();
        assertThat(found).as(template.key()).hasSize(1);
        return found.getFirst();
    }

    private static Envelope<JsonNode> routed(String code, String name, String email, String supportingCode,
                                 String supportingEmail) {
        ObjectNode event = PlannerFixture.example("proposal.routed", PROPOSAL, "r-" + code);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("departmentCode", code).put("departmentName", name).put("departmentEmail", email);
        payload.putArray("supportingDepartments").addObject().put("code", supportingCode).put("name", "협력부서")
                .put("email", supportingEmail);
        return PlannerFixture.event(event);
    }

    private static Envelope<JsonNode> statusChanged(String status, String previous, String code, String actor) {
        ObjectNode event = PlannerFixture.example("proposal.status-changed", PROPOSAL, "c-" + status + "-" + code);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("status", status).put("previousStatus", previous).put("departmentCode", code)
                .put("actor", actor).put("note", "어르신 40명, 망원동 공유부엌입니다.");
        return PlannerFixture.event(event);
    }
}
