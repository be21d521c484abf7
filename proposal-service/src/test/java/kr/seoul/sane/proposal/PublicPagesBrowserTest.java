package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.opssecurity.browser.Chromium;
import kr.seoul.sane.proposal.links.LinkTokens;
import kr.seoul.sane.proposal.model.Proposal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The public window and the ops overview in a real headless Chromium, the way people use them: the 협력신청 form
 * filled with the mouse and with the keyboard only, wrong input with the errors next to the fields, the receipt,
 * tracking, a department's list and page from signed links and the ops console after logging in through its form.
 * Every page visited is saved as a PNG under {@code target/browser-screenshots/} and checked with axe-core (no serious
 * or critical violation). Harness and skip rule: ops-security's test jar ({@link Chromium}).
 */
@TestPropertySource(properties = {"platform.rate-limit-per-minute=0", "platform.form.min-fill-seconds=0"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Chromium.Required.class)
class PublicPagesBrowserTest extends EmbeddedInfrastructureTest {

    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final String TRACKING_CODE = "SN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}";
    static final String CONTENT = "동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분과 생활용품으로 만드는 "
            + "시민 참여 캠페인을 서울시와 함께 추진하고 싶습니다.";
    /** Proposals this class submitted (all today). */
    static final AtomicInteger SUBMITTED = new AtomicInteger();

    static Chromium chromium;

    @Autowired
    LinkTokens links;

    @BeforeAll
    static void startChromium() throws IOException {
        chromium = Chromium.start(SCREENSHOTS);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void freshCookies() {
        open("/actuator/health");
        chromium.driver.manage().deleteAllCookies();
    }

    // ---------------------------------------------------------------- tests

    @Test
    @Order(1)
    void homeAndFormInKoreanAndEnglish() {
        open("/");
        assertThat(lang()).isEqualTo("ko");
        assertThat(chromium.find("h1").getText()).contains("협력사업을 제안해 주세요");
        assertThat(chromium.findAll("main a[href='/transparency']")).singleElement()
                .satisfies(link -> assertThat(link.getText()).contains("답변 현황"));
        page("home");

        open("/proposals/new");
        assertThat(lang()).isEqualTo("ko");
        assertThat(chromium.find("h1").getText()).isEqualTo("협력신청");
        assertThat(chromium.findAll(".error-summary")).isEmpty();
        page("form");

        open("/?lang=en");
        assertThat(lang()).isEqualTo("en");
        assertThat(chromium.find("h1").getText()).doesNotContainPattern("[가-힣]");
        page("home-en");

        open("/proposals/new?lang=en");
        assertThat(lang()).isEqualTo("en");
        assertThat(chromium.find("label[for=organization]").getText()).doesNotContainPattern("[가-힣]");
        page("form-en");
    }

    @Test
    @Order(2)
    void wrongInputShowsKoreanErrorsNextToTheFieldsAndKeepsWhatWasTyped() {
        open("/proposals/new");
        click("#organizationType-COMPANY");
        type("#contactName", "김서연");
        type("#email", "seoyeon-at-example.org");
        type("#phone", "12345");
        type("#title", "폐플라스틱 병뚜껑 새활용 시민 캠페인");
        type("#content", CONTENT);
        navigate(() -> click("button[type=submit]"));

        assertThat(chromium.find("h1").getText()).isEqualTo("협력신청");
        WebElement summary = chromium.find(".error-summary");
        assertThat(summary.getDomAttribute("role")).isEqualTo("alert");
        assertThat(summary.getText()).contains("입력 내용을 확인해 주세요");
        assertFieldError("organization", "기관·단체명");
        assertFieldError("email", "이메일 주소 형식이 올바르지 않습니다");
        assertFieldError("phone", "연락처는 02-1234-5678");
        assertFieldError("consent", "개인정보 수집·이용에 동의해야");
        assertThat(chromium.find("#contactName").getDomAttribute("aria-invalid")).isEqualTo("false");

        // what was typed is still there
        assertThat(value("#email")).isEqualTo("seoyeon-at-example.org");
        assertThat(value("#phone")).isEqualTo("12345");
        assertThat(value("#contactName")).isEqualTo("김서연");
        assertThat(value("#title")).isEqualTo("폐플라스틱 병뚜껑 새활용 시민 캠페인");
        assertThat(value("#content")).isEqualTo(CONTENT);
        assertThat(chromium.find("#organizationType-COMPANY").isSelected()).isTrue();
        page("form-errors");

        // each link of the summary leads to its field
        List<String> targets = chromium.findAll(".error-summary a").stream()
                .map(a -> a.getDomAttribute("href")).toList();
        assertThat(targets).containsExactlyInAnyOrder("#organization", "#email", "#phone", "#consent");
        for (String target : targets) {
            chromium.find(".error-summary a[href='" + target + "']").click();
            assertThat(chromium.driver.getCurrentUrl()).endsWith(target);
            assertThat(chromium.js("return document.querySelector(':target').id")).isEqualTo(target.substring(1));
            assertThat(chromium.find(target).isDisplayed()).isTrue();
        }
    }

    @Test
    @Order(3)
    void aProposalFilledWithTheMouseGetsATrackingCodeAndItsTimeline() {
        String email = "mouse-" + UUID.randomUUID() + "@example.org";
        String code = submitWithTheMouse(email);
        page("receipt");

        navigate(() -> click("a.button[href^='/track']"));
        assertThat(chromium.find("h1").getText()).isEqualTo("진행상황 조회");
        assertThat(value("#code")).isEqualTo(code);
        page("track");

        type("#track-email", email);
        navigate(() -> click(".track-form button[type=submit]"));
        assertThat(chromium.find("#result-title").getText()).isEqualTo("조회 결과");
        assertThat(chromium.find(".result .tracking-code").getText()).isEqualTo(code);
        List<WebElement> timeline = chromium.findAll("ol.timeline li");
        assertThat(timeline).isNotEmpty();
        assertThat(timeline.getFirst().getText()).contains("접수");
        assertThat(timeline.getFirst().findElement(By.tagName("time")).getDomAttribute("datetime"))
                .isNotBlank();
        page("track-result");

        // the erasure offer on the result leads to the page where the mailed code is entered
        navigate(() -> click("form[action='/track/erasure'] button[type=submit]"));
        assertThat(chromium.find("h1").getText()).isEqualTo("개인정보 삭제 요청");
        assertThat(chromium.find("input[name=confirmation]").getDomAttribute("autocomplete")).isEqualTo("one-time-code");
        page("erasure-code");
    }

    @Test
    @Order(4)
    void aProposalCanBeSubmittedWithTheKeyboardOnly() {
        open("/proposals/new");
        // TAB from the top of the page reaches the first field past the skip link, header and nav
        int presses = 0;
        while (!"organization".equals(chromium.focusedId())) {
            assertThat(++presses).as("TAB reaches 기관·단체명").isLessThan(15);
            tab();
        }
        keys("한강 새활용 협동조합");
        assertVisibleFocus("organization");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("organizationType-COMPANY");
        keys(Keys.ARROW_DOWN);
        assertThat(chromium.focusedId()).isEqualTo("organizationType-NONPROFIT");
        assertThat(chromium.find("#organizationType-NONPROFIT").isSelected()).isTrue();
        assertVisibleFocus("organizationType-NONPROFIT");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("contactName");
        keys("박지우");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("email");
        String email = "keyboard-" + UUID.randomUUID() + "@example.org";
        keys(email);
        tab();
        assertThat(chromium.focusedId()).isEqualTo("phone");
        keys("010-2345-6789");
        tab();
        // the checked option of the 분야 group (잘 모르겠어요) takes the focus
        assertThat(chromium.focusedId()).isEqualTo("field-unknown");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("title");
        keys("한강공원 플로깅 시민 참여 행사");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("content");
        keys(CONTENT);
        assertVisibleFocus("content");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("attachment");
        tab();
        assertThat(chromium.focusedId()).isEqualTo("consent");
        assertThat(chromium.find("#consent").isSelected()).isFalse();
        keys(Keys.SPACE);
        assertThat(chromium.find("#consent").isSelected()).isTrue();
        assertVisibleFocus("consent");
        tab();
        assertThat(String.valueOf(chromium.js("return document.activeElement.type"))).isEqualTo("submit");
        assertVisibleFocus(null);
        navigate(() -> keys(Keys.ENTER));

        assertThat(chromium.find("#tracking-code").getText()).matches(TRACKING_CODE);
        SUBMITTED.incrementAndGet();
        Proposal stored = mongo.findOne(Query.query(Criteria.where("trackingCode")
                .is(chromium.find("#tracking-code").getText())), Proposal.class);
        assertThat(stored.getOrganization()).isEqualTo("한강 새활용 협동조합");
        assertThat(stored.getOrganizationType().name()).isEqualTo("NONPROFIT");
        assertThat(stored.getField()).isNull();
        chromium.screenshot("receipt-keyboard");
    }

    @Test
    @Order(5)
    void aDepartmentActsFromItsSignedLink() {
        String email = "department-" + UUID.randomUUID() + "@example.org";
        String code = submitWithTheMouse(email);
        Proposal p = mongo.findOne(Query.query(Criteria.where("trackingCode").is(code)), Proposal.class);
        String routed = EventContracts.example("proposal.routed").replace("6741a3f2c9e77b1d2a5f0c11", p.getId())
                .replace("1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12", UUID.randomUUID().toString())
                .replace("2026-11-23T09:15:31Z", clock.instant().toString())
                .replace("\"supportingDepartments\": []", "\"supportingDepartments\": [{\"code\": \"CLIMATE\", "
                        + "\"name\": \"기후환경정책과\", \"email\": \"climate@dept.seoul.example\"}]");
        send("proposal.routed", p.getId(), routed);
        await().atMost(Duration.ofSeconds(15)).until(() -> "ROUTED".equals(stored(p.getId()).getStatus().name()));

        // the supporting department (협조부서) gives its opinion from its own link
        open("/department/proposals/" + p.getId() + "/opinion?token="
                + links.signSupportingOpinion(p.getId(), "CLIMATE", clock.instant().plus(Duration.ofDays(1))));
        assertThat(chromium.find("h1").getText()).isEqualTo("폐플라스틱 병뚜껑 새활용 시민 캠페인");
        assertThat(chromium.bodyText()).contains("기후환경정책과에 의견을 요청한 협력제안", "담당부서는 자원순환과입니다");
        page("supporting-opinion");
        type("#opinion", "탄소중립 캠페인과 함께 알리면 좋겠습니다.");
        navigate(() -> click("form button[type=submit]"));
        assertThat(chromium.find(".panel.success[role=status]").getText()).contains("의견을 남겼습니다");
        page("supporting-opinion-given");

        // the department's own list leads to the proposal's page
        open("/department/proposals?department=RESOURCE_CIRCULATION&token="
                + links.signDepartmentList("RESOURCE_CIRCULATION", clock.instant().plus(Duration.ofDays(1))));
        assertThat(chromium.find("h1").getText()).isEqualTo("처리 중인 협력제안");
        assertThat(chromium.bodyText()).contains("자원순환과 담당", code, "부서 배정");
        page("department-list");
        navigate(() -> click(chromium.find("table.proposal-list a")));
        assertThat(chromium.find("h1").getText()).isEqualTo("폐플라스틱 병뚜껑 새활용 시민 캠페인");

        open("/department/proposals/" + p.getId() + "?token="
                + links.sign(p.getId(), "RESOURCE_CIRCULATION", Duration.ofDays(1)));
        assertThat(chromium.find("h1").getText()).isEqualTo("폐플라스틱 병뚜껑 새활용 시민 캠페인");
        assertThat(chromium.bodyText()).contains("자원순환과", code, "협조부서", "탄소중립 캠페인과 함께 알리면 좋겠습니다.");
        page("department");

        WebElement review = chromium.find("form.department-action input[name=action][value=START_REVIEW]");
        navigate(() -> click(review.findElement(By.xpath("ancestor::form//button[@type='submit']"))));
        assertThat(chromium.find(".panel.success[role=status]").getText()).contains("검토 중으로 바꾸었습니다");
        page("department-confirmation");
        assertThat(stored(p.getId()).getStatus().name()).isEqualTo("IN_REVIEW");
    }

    @Test
    @Order(6)
    void theOpsOverviewShowsTodaysSubmissionsAfterLoggingInThroughTheForm() {
        if (SUBMITTED.get() == 0) {
            submitWithTheMouse("ops-" + UUID.randomUUID() + "@example.org");
        }
        open("/ops");
        assertThat(chromium.driver.getCurrentUrl()).contains("/ops/login");
        assertThat(chromium.find("h1").getText()).isEqualTo("운영자 로그인");
        page("ops-login");

        click("#username");
        keys(OPERATOR);
        click("#password");
        keys(OPERATOR_PASSWORD);
        navigate(() -> click(".login-form button[type=submit]"));

        assertThat(chromium.find("h1").getText()).isEqualTo("운영 개요");
        WebElement today = chromium.findAll(".stat").stream()
                .filter(s -> s.getText().contains("오늘 접수")).findFirst().orElseThrow();
        long submittedToday = Long.parseLong(today.findElement(By.cssSelector(".stat-value")).getText());
        assertThat(submittedToday).isPositive().isGreaterThanOrEqualTo(SUBMITTED.get());
        page("ops-overview");
    }

    @Test
    @Order(7)
    void swaggerUiWorksUnderTheContentSecurityPolicy() {
        open("/swagger-ui.html");
        new WebDriverWait(chromium.driver, Duration.ofSeconds(30))
                .until(d -> !chromium.findAll(".opblock-summary-path").isEmpty());
        assertThat(chromium.findAll(".opblock-summary-path").stream().map(WebElement::getText))
                .contains("/api/proposals", "/api/proposals/{trackingCode}",
                        "/api/department/proposals/{id}/actions", "/api/ops/proposals");
        assertThat(chromium.find(".info .title").getText()).contains("서울사네 협력신청 API");
        // the stylesheet applies (not blocked), and nothing was refused by the CSP
        assertThat(String.valueOf(chromium.js("return getComputedStyle(document.querySelector('.opblock')).borderStyle")))
                .isEqualTo("solid");
        assertThat(chromium.driver.manage().logs().get(LogType.BROWSER).getAll())
                .noneMatch(e -> e.getMessage().contains("Content Security Policy"));
        chromium.screenshot("swagger-ui");
    }

    // ---------------------------------------------------------------- helpers

    /** Fills the form in Korean with clicks and typing, submits it and returns the receipt's tracking code. */
    String submitWithTheMouse(String email) {
        open("/proposals/new");
        type("#organization", "푸른지구 협동조합");
        click("label[for=organizationType-NONPROFIT]");
        type("#contactName", "김서연");
        type("#email", email);
        type("#phone", "02-1234-5678");
        click("label[for=field-ENVIRONMENT_PARKS]");
        type("#title", "폐플라스틱 병뚜껑 새활용 시민 캠페인");
        type("#content", CONTENT);
        click("label[for=consent]");
        assertThat(chromium.find("#consent").isSelected()).isTrue();
        navigate(() -> click("button[type=submit]"));

        assertThat(chromium.find("h1").getText()).isEqualTo("제안이 접수되었습니다");
        String code = chromium.find("#tracking-code").getText();
        assertThat(code).matches(TRACKING_CODE);
        SUBMITTED.incrementAndGet();
        return code;
    }

    /** The page's structure and look (one page header, one h1, the content clear of the header, the button variants), then {@link Chromium#check}. */
    void page(String name) {
        assertThat(chromium.findAll("header")).as(name + ": one page header").hasSize(1);
        assertThat(chromium.findAll("h1")).as(name + ": one h1").hasSize(1);
        Number gap = (Number) chromium.js("return document.querySelector('h1').getBoundingClientRect().top"
                + " - document.querySelector('header').getBoundingClientRect().bottom");
        assertThat(gap.doubleValue()).as(name + ": space between the header and the h1").isGreaterThanOrEqualTo(16);
        // button variants look like themselves (not hovered: the mouse may rest on one)
        assertThat(backgrounds(".button-secondary")).as(name + ": secondary buttons").allMatch("rgb(255, 255, 255)"::equals);
        assertThat(backgrounds(".button-danger")).as(name + ": danger buttons").allMatch("rgb(179, 38, 30)"::equals);
        chromium.check(name);
    }

    @SuppressWarnings("unchecked")
    List<String> backgrounds(String css) {
        return (List<String>) chromium.js("return [...document.querySelectorAll(arguments[0])]"
                + ".filter(b => !b.matches(':hover')).map(b => getComputedStyle(b).backgroundColor)", css);
    }

    void open(String path) {
        chromium.driver.get("http://localhost:" + port + path);
    }

    String lang() {
        return String.valueOf(chromium.js("return document.documentElement.lang"));
    }

    void click(String css) {
        click(chromium.find(css));
    }

    void click(WebElement element) {
        new Actions(chromium.driver).moveToElement(element).click().perform();
    }

    /** Does something that loads another page and waits until the new page is there. */
    void navigate(Runnable action) {
        chromium.js("window.saneLeftPage = true");
        action.run();
        // a marker on the old window object: gone once the new document is loaded (errors while it changes ignored)
        new WebDriverWait(chromium.driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(chromium.js(
                        "return window.saneLeftPage === undefined && document.readyState === 'complete'")));
    }

    void type(String css, String text) {
        click(css);
        keys(text);
    }

    void keys(CharSequence... keys) {
        new Actions(chromium.driver).sendKeys(keys).perform();
    }

    void tab() {
        keys(Keys.TAB);
    }

    String value(String css) {
        return chromium.find(css).getDomProperty("value");
    }

    void assertFieldError(String field, String message) {
        WebElement control = chromium.find("#" + field);
        WebElement error = chromium.find("#" + field + "-error");
        assertThat(error.isDisplayed()).as(field + " error shown").isTrue();
        assertThat(error.getText()).contains(message);
        assertThat(control.getDomAttribute("aria-invalid")).as(field + " aria-invalid").isEqualTo("true");
        assertThat(control.getDomAttribute("aria-describedby")).as(field + " aria-describedby")
                .contains(field + "-error");
        // next to the field: the message sits within the field's own group, above the control
        assertThat((Boolean) chromium.js("return arguments[0].closest('.field, fieldset, .option')"
                + ".parentElement.contains(arguments[1])", control, error)).isTrue();
    }

    /** The focused element (or {@code id}) shows a focus indicator: an outline or a box shadow. */
    void assertVisibleFocus(String id) {
        if (id != null) {
            assertThat(chromium.focusedId()).isEqualTo(id);
        }
        String style = String.valueOf(chromium.js("""
                const s = getComputedStyle(document.activeElement);
                return s.outlineStyle + '|' + s.outlineWidth + '|' + s.boxShadow;"""));
        String[] parts = style.split("\\|");
        boolean outline = !"none".equals(parts[0]) && !parts[1].startsWith("0");
        boolean shadow = !"none".equals(parts[2]);
        assertThat(outline || shadow).as("visible focus on " + chromium.focusedId() + ": " + style).isTrue();
    }
}
