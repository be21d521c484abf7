package kr.seoul.sane.proposal;

import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A department's own list of its open proposals behind a signed, expiring link bound to the department. */
class DepartmentListIntegrationTest extends EmbeddedInfrastructureTest {

    private static final String RC = "RESOURCE_CIRCULATION";
    private static final Pattern ROW_LINK = Pattern.compile("<a href=\"(/department/proposals/[^\"]+)\">([^<]+)</a>");

    @Autowired
    LinkTokens links;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String list(String department, String token) {
        return "/department/proposals?department=" + department + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    Proposal insert(String title, String department, ProposalStatus status, Instant submittedAt) {
        return insertProposal(title, department, status, submittedAt);
    }

    /** Status, version and timeline length of each proposal: what a GET must leave as it was. */
    Map<String, String> snapshot() {
        Map<String, String> state = new LinkedHashMap<>();
        for (Proposal p : mongo.findAll(Proposal.class)) {
            state.put(p.getId(), p.getStatus() + "/" + p.getStateVersion() + "/" + p.getTimeline().size());
        }
        return state;
    }

    @Test
    void aValidLinkListsOnlyThatDepartmentsOpenProposalsNewestFirstAndOpensEach() throws Exception {
        Instant now = clock.instant();
        Proposal older = insert("병뚜껑 새활용 캠페인", RC, ProposalStatus.ROUTED, now.minus(Duration.ofDays(3)));
        Proposal newer = insert("동네 수리 카페 협력", RC, ProposalStatus.IN_REVIEW, now.minus(Duration.ofDays(1)));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(newer.getId())),
                new org.springframework.data.mongodb.core.query.Update().set("overdueSince", now), Proposal.class);
        insert("반려된 제안", RC, ProposalStatus.DECLINED, now);
        insert("철회된 제안", RC, ProposalStatus.WITHDRAWN, now);
        insert("완료된 제안", RC, ProposalStatus.COMPLETED, now);
        insert("이송한 제안", RC, ProposalStatus.TRANSFERRED, now);
        insert("기후 부서의 제안", "CLIMATE", ProposalStatus.ROUTED, now);
        Map<String, String> before = snapshot();

        String token = links.signDepartmentList(RC, now.plus(Duration.ofDays(30)));
        HttpResponse<String> page = get(list(RC, token));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        String body = page.body();
        assertThat(body).contains("처리 중인 협력제안", "자원순환과", "모두 2건", "검토 중", "부서 배정", "답변 기한 지남",
                older.getTrackingCode(), newer.getTrackingCode());
        assertThat(body).doesNotContain("반려된 제안", "철회된 제안", "완료된 제안", "이송한 제안", "기후 부서의 제안",
                "김서연");
        List<String[]> rows = new ArrayList<>();
        Matcher m = ROW_LINK.matcher(body);
        while (m.find()) {
            rows.add(new String[]{m.group(1).replace("&amp;", "&"), m.group(2)});
        }
        assertThat(rows).extracting(r -> r[1]).containsExactly("동네 수리 카페 협력", "병뚜껑 새활용 캠페인");
        // each row opens the proposal's own department page, signed for the same department
        HttpResponse<String> opened = get(rows.get(1)[0]);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("병뚜껑 새활용 캠페인", "처리하기");
        // the language switch keeps the signed link's parameters on both pages
        assertThat(opened.body()).contains("class=\"lang-switch\" href=\"?token=");
        Matcher listSwitch = Pattern.compile("class=\"lang-switch\" href=\"([^\"]+)\"").matcher(body);
        assertThat(listSwitch.find()).isTrue();
        HttpResponse<String> switched = get("/department/proposals" + listSwitch.group(1).replace("&amp;", "&"));
        assertThat(switched.statusCode()).isEqualTo(200);
        assertThat(switched.body()).contains("Open cooperation proposals", "Reply overdue", "2 in all");
        String rowToken = java.net.URLDecoder.decode(rows.get(1)[0].substring(rows.get(1)[0].indexOf("token=") + 6),
                StandardCharsets.UTF_8);
        LinkTokens.Verification v = links.verify(rowToken);
        assertThat(v.claims().departmentCode()).isEqualTo(RC);
        assertThat(v.claims().proposalId()).isEqualTo(older.getId());
        assertThat(v.claims().expires()).isBefore(now.plus(Duration.ofDays(30)).plusSeconds(1));


        assertThat(snapshot()).as("a GET changes nothing").isEqualTo(before);
    }

    @Test
    void forgedTamperedExpiredAndForeignLinksAreRefusedWithAKoreanMessage() throws Exception {
        String si = "SOCIAL_INNOVATION";
        Proposal p = insert("가로수 그늘 쉼터", si, ProposalStatus.ROUTED, clock.instant());
        insert("기후 부서의 제안", "CLIMATE", ProposalStatus.ROUTED, clock.instant());
        Map<String, String> before = snapshot();
        Instant later = clock.instant().plus(Duration.ofDays(30));
        String valid = links.signDepartmentList(si, later);
        String forged = new LinkTokens("not the platform secret".getBytes(StandardCharsets.UTF_8), clock)
                .signDepartmentList(si, later);
        String tamperedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("@department-list|CLIMATE|" + later.getEpochSecond()).getBytes(StandardCharsets.UTF_8))
                + valid.substring(valid.indexOf('.'));
        String flipped = valid.substring(0, valid.length() - 2) + (valid.endsWith("A") ? "BB" : "AA");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("forged", list(si, forged));
        refused.put("tampered signature", list(si, flipped));
        refused.put("tampered payload", list("CLIMATE", tamperedPayload));
        refused.put("this signature for another department", list("CLIMATE", valid));
        refused.put("a single proposal's token", list(si, links.sign(p.getId(), si, Duration.ofDays(1))));
        refused.put("no token", "/department/proposals?department=" + si);
        refused.put("no department", "/department/proposals?token=" + valid);
        for (Map.Entry<String, String> r : refused.entrySet()) {
            HttpResponse<String> page = get(r.getValue());
            assertThat(page.statusCode()).as(r.getKey()).isEqualTo(403);
            assertThat(page.body()).as(r.getKey()).contains("이 링크는 올바르지 않습니다", "아무것도 바뀌지 않았습니다")
                    .doesNotContain("가로수 그늘 쉼터", "기후 부서의 제안");
        }
        HttpResponse<String> expired = get(list(si, links.signDepartmentList(si, clock.instant().minusSeconds(1))));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("유효 기간이 지났습니다").doesNotContain("가로수 그늘 쉼터");
        // the list token opens no single proposal either
        assertThat(get("/department/proposals/" + p.getId() + "?token=" + valid).statusCode()).isEqualTo(403);
        // the list only shows: it takes no POST
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(list(si, valid)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(403, 405);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aLongListIsCutAtTwoHundredAndSaysSo() throws Exception {
        Instant start = clock.instant().minus(Duration.ofDays(10));
        for (int i = 0; i < 203; i++) {
            insert("제안 " + i, "LOCAL_COMMUNITY", ProposalStatus.ROUTED, start.plusSeconds(i));
        }
        HttpResponse<String> page = get(list("LOCAL_COMMUNITY", links.signDepartmentList("LOCAL_COMMUNITY",
                clock.instant().plus(Duration.ofDays(1)))));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("처리 중인 제안이 203건이라 최근 200건만 보여 줍니다", "제안 202", "제안 3")
                .doesNotContain(">제안 2<", ">제안 0<");
        Matcher m = ROW_LINK.matcher(page.body());
        int rows = 0;
        while (m.find()) {
            rows++;
        }
        assertThat(rows).isEqualTo(200);
    }
}
