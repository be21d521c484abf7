package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.OrganizationType;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.SupportingDepartment;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TimelineEvent;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Supporting departments (협조부서) end to end in this service: {@code proposal.routed} names them, the tracking page
 * and API and the ops console show them, each gives one opinion through its own signed link (no login), the
 * responsible department sees the opinion on its page and still decides; a supporting link acts on nothing else.
 */
class SupportingOpinionIntegrationTest extends EmbeddedInfrastructureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LEAD = "RESOURCE_CIRCULATION";
    private static final String CLIMATE = "CLIMATE";
    private static final String EMAIL = "seoyeon.kim@example.org";
    private static final String OPINION = "기후환경정책과는 탄소중립 실천 캠페인과 연계하는 방안을 권합니다.\n수거함 위치는 함께 검토하겠습니다.";

    @Autowired
    LinkTokens links;

    /** A submitted proposal, then routing's decision naming a supporting department, applied. */
    private Proposal routed(String title) {
        Proposal p = new Proposal();
        p.setId(new ObjectId().toHexString());
        p.setTrackingCode("SN-" + p.getId().substring(14, 18).toUpperCase() + "-" + p.getId().substring(18, 22)
                .toUpperCase() + "-" + p.getId().substring(20).toUpperCase());
        p.setTitle(title);
        p.setContent("동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분으로 만드는 캠페인입니다.");
        p.setOrganization("푸른지구 협동조합");
        p.setOrganizationType(OrganizationType.NONPROFIT);
        p.setContactName("김서연");
        p.setEmail(EMAIL);
        p.setEmailKey(EMAIL);
        p.setPhone("02-1234-5678");
        p.setStatus(ProposalStatus.SUBMITTED);
        p.setSubmittedAt(clock.instant());
        mongo.insert(p);
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.routed"));
        event.put("proposalId", p.getId()).put("eventId", java.util.UUID.randomUUID().toString())
                .put("occurredAt", clock.instant().toString());
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.putArray("supportingDepartments").addObject().put("code", CLIMATE).put("name", "기후환경정책과")
                .put("email", "climate@dept.seoul.example");
        ((ObjectNode) payload.path("proposal")).put("trackingCode", p.getTrackingCode());
        String json = JSON.writeValueAsString(event);
        EventContracts.assertConforms("proposal.routed", json);
        send("proposal.routed", p.getId(), json);
        await().atMost(Duration.ofSeconds(15)).until(() -> stored(p.getId()).getStatus() == ProposalStatus.ROUTED);
        return stored(p.getId());
    }

    private String opinionPath(String id, String token) {
        return "/department/proposals/" + id + "/opinion?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private Instant inAMonth() {
        return clock.instant().plus(Duration.ofDays(30));
    }

    @Test
    void aSupportingDepartmentGivesOneOpinionThatTheResponsibleDepartmentAndTheOperatorsSee() throws Exception {
        Proposal p = routed("폐플라스틱 병뚜껑 새활용 시민 캠페인");
        assertThat(p.getSupportingDepartments()).containsExactly(new SupportingDepartment(CLIMATE, "기후환경정책과"));

        // the applicant sees the supporting department's name on the tracking API and page
        Browser applicant = new Browser();
        JsonNode tracked = JSON.readTree(applicant.get("/api/proposals/" + p.getTrackingCode() + "?email=" + EMAIL)
                .body());
        assertThat(tracked.path("supportingDepartments").toString()).isEqualTo("[\"기후환경정책과\"]");
        String trackPage = applicant.post("/track", Map.of("_csrf", csrf(applicant.get("/track").body()),
                "code", p.getTrackingCode(), "email", EMAIL)).body();
        assertThat(trackPage).contains("협조부서 (의견 제공)", "기후환경정책과");

        // the supporting department's page: the proposal without contact details, a form, no action
        String token = links.signSupportingOpinion(p.getId(), CLIMATE, inAMonth());
        Browser climate = new Browser();
        HttpResponse<String> page = climate.get(opinionPath(p.getId(), token));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<html lang=\"ko\"", p.getTitle(), "담당부서는 자원순환과입니다",
                "처리 결정은 담당부서가 하며", "푸른지구 협동조합", "의견 보내기", "maxlength=\"2000\"")
                .doesNotContain("김서연", EMAIL, "02-1234-5678", "/actions", "수락하기");
        long version = stored(p.getId()).getStateVersion();
        // English on request, the link's token kept by the language switch
        assertThat(page.body()).contains("class=\"lang-switch\" href=\"?token=");
        assertThat(new Browser().get(opinionPath(p.getId(), token) + "&lang=en").body())
                .contains("<html lang=\"en\"", "Give your opinion", "The responsible department of this proposal is");

        // bad input: a clear 400 in Korean, nothing stored
        HttpResponse<String> empty = climate.post("/department/proposals/" + p.getId() + "/opinion",
                Map.of("_csrf", csrf(page.body()), "token", token, "opinion", "  "));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("의견을 입력해 주세요.", "aria-invalid=\"true\"");
        HttpResponse<String> tooLong = climate.post("/department/proposals/" + p.getId() + "/opinion",
                Map.of("_csrf", csrf(page.body()), "token", token, "opinion", "가".repeat(2001)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("의견은 2000자 이내로 입력해 주세요. (지금 2001자)");
        HttpResponse<String> noCsrf = climate.post("/department/proposals/" + p.getId() + "/opinion",
                Map.of("token", token, "opinion", OPINION));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(stored(p.getId()).getSupportingOpinions()).isEmpty();

        HttpResponse<String> given = climate.post("/department/proposals/" + p.getId() + "/opinion",
                Map.of("_csrf", csrf(page.body()), "token", token, "opinion", "  " + OPINION + "  "));
        assertThat(given.statusCode()).isEqualTo(200);
        assertThat(given.body()).contains("의견을 남겼습니다.", "기후환경정책과는 탄소중립").doesNotContain("의견 보내기");
        Proposal after = stored(p.getId());
        assertThat(after.getSupportingOpinions()).singleElement().satisfies(o -> {
            assertThat(o.departmentCode()).isEqualTo(CLIMATE);
            assertThat(o.text()).isEqualTo(OPINION);
        });
        TimelineEntry entry = after.getTimeline().getLast();
        assertThat(entry.event()).isEqualTo(TimelineEvent.SUPPORTING_OPINION);
        assertThat(entry.actor()).isEqualTo("SUPPORTING_DEPARTMENT");
        assertThat(entry.note()).isEqualTo("기후환경정책과").doesNotContain("탄소중립");
        assertThat(after.getStatus()).as("the lead department decides").isEqualTo(ProposalStatus.ROUTED);
        assertThat(after.getStateVersion()).as("a decision on the same state still applies").isEqualTo(version);

        // one opinion per department
        HttpResponse<String> again = climate.post("/department/proposals/" + p.getId() + "/opinion",
                Map.of("_csrf", csrf(page.body()), "token", token, "opinion", "하나 더"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("이미 의견을 남겼습니다");
        assertThat(stored(p.getId()).getSupportingOpinions()).hasSize(1);

        // the responsible department sees it on its page and still decides there
        String leadToken = links.sign(p.getId(), LEAD, Duration.ofDays(30));
        Browser lead = new Browser();
        HttpResponse<String> leadPage = lead.get("/department/proposals/" + p.getId() + "?token="
                + URLEncoder.encode(leadToken, StandardCharsets.UTF_8));
        assertThat(leadPage.statusCode()).isEqualTo(200);
        assertThat(leadPage.body()).contains("협조부서", "기후환경정책과", "기후환경정책과는 탄소중립 실천 캠페인과 연계하는 방안을 권합니다.",
                "협조부서 의견 등록", "수락하기");
        HttpResponse<String> accepted = lead.post("/department/proposals/" + p.getId() + "/actions",
                Map.of("_csrf", csrf(leadPage.body()), "token", leadToken, "action", "ACCEPT"));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(stored(p.getId()).getStatus()).isEqualTo(ProposalStatus.ACCEPTED);

        // the operators see the supporting department and its opinion
        HttpResponse<String> ops = new Browser().login().get("/ops/proposals/" + p.getId());
        assertThat(ops.statusCode()).isEqualTo(200);
        assertThat(ops.body()).contains("협조부서 의견", "기후환경정책과", "기후환경정책과는 탄소중립 실천 캠페인과 연계하는 방안을 권합니다.");

        // the applicant sees that an opinion was given, never what it says
        String trackedAfter = applicant.get("/api/proposals/" + p.getTrackingCode() + "?email=" + EMAIL).body();
        assertThat(trackedAfter).contains("SUPPORTING_OPINION").doesNotContain("탄소중립");
    }

    @Test
    void aSupportingLinkIsBoundToItsProposalAndDepartmentAndActsOnNothingElse() throws Exception {
        Proposal p = routed("가로수 그늘 쉼터 협력");
        Proposal other = routed("빗물 저금통 시민 캠페인");
        Browser browser = new Browser();
        String valid = links.signSupportingOpinion(p.getId(), CLIMATE, inAMonth());
        String forged = new LinkTokens("not the platform secret".getBytes(StandardCharsets.UTF_8), clock)
                .signSupportingOpinion(p.getId(), CLIMATE, inAMonth());
        String expired = links.signSupportingOpinion(p.getId(), CLIMATE, clock.instant().minusSeconds(1));
        String notSupporting = links.signSupportingOpinion(p.getId(), "SOCIAL_INNOVATION", inAMonth());
        String lead = links.sign(p.getId(), LEAD, Duration.ofDays(30));
        String form = csrf(browser.get(opinionPath(p.getId(), valid)).body());

        Map<String, String[]> refused = Map.of(
                "forged", new String[]{opinionPath(p.getId(), forged), "올바르지 않습니다"},
                "expired", new String[]{opinionPath(p.getId(), expired), "유효 기간이 지났습니다"},
                "another proposal", new String[]{opinionPath(other.getId(), valid), "올바르지 않습니다"},
                "not a supporting department", new String[]{opinionPath(p.getId(), notSupporting), "협조부서가 아닙니다"},
                "a department action link", new String[]{opinionPath(p.getId(), lead), "올바르지 않습니다"},
                "on the department page", new String[]{"/department/proposals/" + p.getId() + "?token="
                        + URLEncoder.encode(valid, StandardCharsets.UTF_8), "올바르지 않습니다"});
        for (Map.Entry<String, String[]> r : refused.entrySet()) {
            HttpResponse<String> page = browser.get(r.getValue()[0]);
            assertThat(page.statusCode()).as(r.getKey()).isEqualTo(403);
            assertThat(page.body()).as(r.getKey()).contains("이 링크로는 제안을 열 수 없습니다", r.getValue()[1],
                    "아무것도 바뀌지 않았습니다");
        }
        for (String token : new String[]{forged, expired, notSupporting, lead}) {
            HttpResponse<String> post = browser.post("/department/proposals/" + p.getId() + "/opinion",
                    Map.of("_csrf", form, "token", token, "opinion", "의견"));
            assertThat(post.statusCode()).isEqualTo(403);
        }
        // the supporting department cannot accept or decline
        for (String action : new String[]{"ACCEPT", "DECLINE"}) {
            HttpResponse<String> act = browser.post("/department/proposals/" + p.getId() + "/actions",
                    Map.of("_csrf", form, "token", valid, "action", action, "note", "반려합니다"));
            assertThat(act.statusCode()).as(action).isEqualTo(403);
        }
        assertThat(stored(p.getId()).getSupportingOpinions()).isEmpty();
        assertThat(stored(p.getId()).getStatus()).isEqualTo(ProposalStatus.ROUTED);

        // a closed proposal takes no more opinions
        mongo.updateFirst(Query.query(Criteria.where("_id").is(p.getId())),
                new Update().set("status", ProposalStatus.DECLINED), Proposal.class);
        HttpResponse<String> closedPage = browser.get(opinionPath(p.getId(), valid));
        assertThat(closedPage.body()).contains("처리가 끝난 제안이라 의견을 더 남길 수 없습니다.")
                .doesNotContain("의견 보내기");
        HttpResponse<String> closed = browser.post("/department/proposals/" + p.getId() + "/opinion",
                Map.of("_csrf", form, "token", valid, "opinion", "늦은 의견"));
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(stored(p.getId()).getSupportingOpinions()).isEmpty();
    }
}
