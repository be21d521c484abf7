package kr.seoul.sane.notification;

import kr.seoul.sane.notification.links.DepartmentActions;
import kr.seoul.sane.notification.links.DepartmentLinks;
import kr.seoul.sane.notification.mail.BusinessCalendar;
import kr.seoul.sane.notification.mail.ComposedMail;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.notification.mail.MailModel;
import kr.seoul.sane.notification.mail.MailTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates and subjects without Spring: each applicant mail has its own subject, in both languages. */
class MailCompositionTest {

    private static final String LINK = "https://sane.seoul.example/l?a=1&b=\"><i>";

    private final MailComposer composer = new MailComposer();

    @Test
    void everyApplicantMailHasASubjectOfItsOwnInKoreanAndEnglish() {
        List<MailTemplate> applicantMails = List.of(MailTemplate.APPLICANT_RECEIPT, MailTemplate.APPLICANT_ROUTED,
                MailTemplate.APPLICANT_ACCEPTED, MailTemplate.APPLICANT_DECLINED, MailTemplate.APPLICANT_TRANSFERRED,
                MailTemplate.APPLICANT_INFO_REQUESTED, MailTemplate.APPLICANT_IN_DISCUSSION,
                MailTemplate.APPLICANT_COMPLETED, MailTemplate.APPLICANT_NOT_A_PROPOSAL);
        for (Locale locale : List.of(Locale.KOREAN, Locale.ENGLISH)) {
            Set<String> subjects = new HashSet<>();
            for (MailTemplate template : applicantMails) {
                ComposedMail mail = composer.compose(template, locale,
                        new Object[] {"SN-TEST-0000-0001", "자원순환과", "제목"}, model("검토 의견입니다"));
                subjects.add(mail.subject());
                assertThat(mail.subject()).contains("SN-TEST-0000-0001");
                assertThat(mail.text()).contains("SN-TEST-0000-0001").doesNotContain("??");
                assertThat(mail.html()).contains("SN-TEST-0000-0001").doesNotContain("??");
            }
            assertThat(subjects).as("distinct subjects in " + locale).hasSize(applicantMails.size());
        }
    }

    @Test
    void userTextIsEscapedInHtmlAndKeptAsIsInText() {
        ComposedMail mail = composer.compose(MailTemplate.APPLICANT_DECLINED, Locale.KOREAN,
                new Object[] {"SN-TEST-0000-0001", "자원순환과", "<img src=x onerror=alert(1)>"},
                model("<script>alert('x')</script> & 사유"));
        assertThat(mail.html()).doesNotContain("<script>", "<img src=x").contains("&lt;script&gt;");
        assertThat(mail.text()).contains("<script>alert('x')</script> & 사유");
        assertThat(mail.subject()).isEqualTo("[서울사네] 협력제안 검토 결과를 알려 드립니다 (접수번호 SN-TEST-0000-0001)");
    }

    @Test
    void notAProposalMailPointsToTheRightChannelsWithTheOperatorsNoteEscaped() {
        ComposedMail mail = composer.compose(MailTemplate.APPLICANT_NOT_A_PROPOSAL, Locale.KOREAN,
                new Object[] {"SN-TEST-0000-0001", "", "제목"}, model("개인 민원은 <응답소>로 & 문의해 주세요"));
        assertThat(mail.subject()).isEqualTo("[서울사네] 접수하신 내용을 안내해 드립니다 (접수번호 SN-TEST-0000-0001)");
        assertThat(mail.text()).contains("민관 협력사업을 제안받는 창구", "서울시 응답소: https://eungdapso.seoul.go.kr",
                "서울일자리포털: https://job.seoul.go.kr", "https://www.seoul.go.kr", "담당자 안내",
                "개인 민원은 <응답소>로 & 문의해 주세요");
        assertThat(mail.html()).contains("href=\"https://eungdapso.seoul.go.kr\"", "href=\"https://job.seoul.go.kr\"",
                "href=\"https://www.seoul.go.kr\"", "&lt;응답소&gt;로 &amp; 문의해").doesNotContain("<응답소>");
    }

    @Test
    void departmentMailLinksTheAttachmentWithNameAndSize() {
        Map<String, Object> model = departmentModel();
        model.put("attachment", new MailModel.Attachment("<계획서>.pdf", "1.2 MB",
                "https://sane.seoul.example/attachments/abc?token=x.y"));
        ComposedMail mail = composer.compose(MailTemplate.DEPARTMENT_NEW_PROPOSAL, Locale.KOREAN,
                new Object[] {"SN-1", "자원순환과", "제목"}, model);
        assertThat(mail.text()).contains("[첨부파일]", "<계획서>.pdf (1.2 MB)", "https://sane.seoul.example/attachments/abc?token=x.y");
        assertThat(mail.html()).contains("href=\"https://sane.seoul.example/attachments/abc?token=x.y\"",
                "&lt;계획서&gt;.pdf").doesNotContain("<계획서>");
        ComposedMail without = composer.compose(MailTemplate.DEPARTMENT_NEW_PROPOSAL, Locale.KOREAN,
                new Object[] {"SN-1", "자원순환과", "제목"}, departmentModel());
        assertThat(without.text()).doesNotContain("첨부파일");
        assertThat(without.html()).doesNotContain("첨부파일");
    }

    @Test
    void headersNeverCarryLineBreaks() {
        assertThat(MailComposer.headerSafe("제목\r\nBcc: victim@example.org")).isEqualTo("제목 Bcc: victim@example.org");
        ComposedMail mail = composer.compose(MailTemplate.DEPARTMENT_NEW_PROPOSAL, Locale.KOREAN,
                new Object[] {"SN-1", "부서", "줄바꿈\n있는 제목"}, departmentModel());
        assertThat(mail.subject()).isEqualTo("[서울사네 협력제안] 줄바꿈 있는 제목");
    }

    @Test
    void departmentMailHasActionButtonsTheSameLinkInTextAndTheSuggestions() {
        Map<String, Object> model = departmentModel();
        String url = "https://sane.seoul.example/department/proposals/6741a3f2c9e77b1d2a5f0c11?token=abc.def";
        model.put("actionUrl", url);
        model.put("actionExpires", "2026년 12월 23일 18:15");
        model.put("actions", new DepartmentActions(new DepartmentLinks("", "https://sane.seoul.example",
                Duration.ofDays(30)), composer).buttons());
        model.put("cases", List.of(new MailModel.SimilarCase("폐비닐 <재생>연료화 협력",
                "https://sane.seoul.example/cases/waste-vinyl-fuel")));
        model.put("institutions", List.of(new MailModel.Institution("서울에너지공사", "https://www.i-se.co.kr")));
        ComposedMail mail = composer.compose(MailTemplate.DEPARTMENT_NEW_PROPOSAL, Locale.KOREAN,
                new Object[] {"SN-1", "자원순환과", "제목"}, model);
        assertThat(mail.html()).contains("href=\"" + url.replace("&", "&amp;") + "\"", ">검토 시작</a>", ">수락</a>",
                        ">반려</a>", ">이송</a>", ">추가정보 요청</a>", "비슷한 협력사례 · 함께할 수 있는 협력기관",
                        "폐비닐 &lt;재생&gt;연료화 협력", "https://www.i-se.co.kr", "2026년 11월 26일 (목)")
                .doesNotContain("<form");
        assertThat(mail.text()).contains(url, "회신 기한: 2026년 11월 26일 (목)",
                "- 폐비닐 <재생>연료화 협력: https://sane.seoul.example/cases/waste-vinyl-fuel",
                "- 서울에너지공사: https://www.i-se.co.kr");
    }

    @ParameterizedTest
    @EnumSource(MailTemplate.class)
    void everyValueIsEscapedInTheHtmlPartAndKeptAsIsInTheTextPart(MailTemplate template) {
        for (Locale locale : List.of(Locale.KOREAN, Locale.ENGLISH)) {
            ComposedMail mail = composer.compose(template, locale,
                    new Object[] {"SN-1", "자원순환과", "<i>title</i>"}, everyValueMarkedUp());
            assertThat(mail.html()).as(template + " html").doesNotContain("<i>")
                    .contains("&lt;i&gt;title&lt;/i&gt; &amp; \"q\" 'a'");
            assertThat(mail.text()).as(template + " text").contains("<i>title</i> & \"q\" 'a'")
                    .doesNotContain("&lt;", "&amp;", "&#");
            if (template != MailTemplate.OPERATOR_ESCALATION && template != MailTemplate.APPLICANT_ERASURE_CODE) {
                // a link's quote is escaped, so the attribute cannot end early
                assertThat(mail.html()).as(template + " html")
                        .contains("href=\"https://sane.seoul.example/l?a=1&amp;b=&#34;>&lt;i>\"");
                assertThat(mail.text()).as(template + " text").contains(LINK);
            }
        }
    }

    @Test
    void answerDeadlineSkipsWeekendsAndKoreanHolidays() {
        BusinessCalendar calendar = new BusinessCalendar();
        // Friday 2026-09-18 + 3 business days: 21, 22, 23 (Chuseok holidays start on 24)
        assertThat(calendar.plusBusinessDays(LocalDate.of(2026, 9, 18), 3)).isEqualTo(LocalDate.of(2026, 9, 23));
        // Wednesday 2026-09-23 + 3: 24, 25 Chuseok, 26/27 weekend, 28 substitute holiday -> 29, 30, Oct 1
        assertThat(calendar.plusBusinessDays(LocalDate.of(2026, 9, 23), 3)).isEqualTo(LocalDate.of(2026, 10, 1));
    }

    private static Map<String, Object> model(String note) {
        Map<String, Object> model = new HashMap<>();
        model.put("trackingCode", "SN-TEST-0000-0001");
        model.put("title", "제목");
        model.put("organization", "기관");
        model.put("contactName", "홍길동");
        model.put("submittedAt", "2026-11-23 18:15 (KST)");
        model.put("departmentName", "자원순환과");
        model.put("departmentEmail", "resource-circulation@dept.seoul.example");
        model.put("note", note);
        model.put("trackUrl", "http://localhost:8080/track?code=SN-TEST-0000-0001");
        return model;
    }

    /**
     * A model for any mail whose every text holds markup, an ampersand and quotes ({@code <i>key</i> & "q" 'a'}), and
     * whose links end in {@code "><i>}, with one item in each list.
     */
    private static Map<String, Object> everyValueMarkedUp() {
        Map<String, Object> model = new HashMap<>();
        for (String key : List.of("trackingCode", "title", "organization", "contactName", "submittedAt",
                "departmentName", "departmentEmail", "departmentCode", "note", "code", "expiresAt", "content",
                "fieldName", "organizationTypeName", "email", "phone", "deadline", "routedByLabel",
                "previousDepartmentName", "actionExpires", "partnershipEmail", "listExpires", "targetName",
                "answeredAt", "leadName", "opinionExpires", "routedAt")) {
            model.put(key, markedUp(key));
        }
        for (String key : List.of("trackUrl", "actionUrl", "listUrl", "opinionUrl")) {
            model.put(key, LINK);
        }
        model.put("days", 7);
        model.put("reasons", List.of(markedUp("reason")));
        model.put("supporting", List.of(markedUp("supporting")));
        model.put("candidates", List.of(new MailModel.Candidate(markedUp("candidate"), 87)));
        model.put("attachment", new MailModel.Attachment(markedUp("filename"), markedUp("size"), LINK));
        model.put("cases", List.of(new MailModel.SimilarCase(markedUp("case"), LINK)));
        model.put("institutions", List.of(new MailModel.Institution(markedUp("institution"), LINK)));
        model.put("actions", List.of(new MailModel.Action(markedUp("label"), markedUp("description"))));
        return model;
    }

    private static String markedUp(String key) {
        return "<i>" + key + "</i> & \"q\" 'a'";
    }

    private static Map<String, Object> departmentModel() {
        Map<String, Object> model = new HashMap<>(model(null));
        model.put("content", "내용");
        model.put("fieldName", null);
        model.put("organizationTypeName", "기업");
        model.put("email", "a@example.org");
        model.put("phone", "02-1234-5678");
        model.put("deadline", "2026년 11월 26일 (목)");
        model.put("reasons", List.of("이유"));
        model.put("routedByLabel", "자동");
        model.put("candidates", new ArrayList<>());
        model.put("supporting", List.of());
        model.put("actions", List.of());
        model.put("cases", List.of());
        model.put("institutions", List.of());
        model.put("partnershipEmail", "partnership@dept.seoul.example");
        return model;
    }
}
