package kr.seoul.sane.catalog;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.catalog.transparency.DepartmentDirectoryNamesTest;
import kr.seoul.sane.catalog.transparency.TransparencyIntegrationTest;
import kr.seoul.sane.opssecurity.OpsTokens;
import kr.seoul.sane.opssecurity.browser.Chromium;
import kr.seoul.sane.opssecurity.browser.PlatformStylesheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public pages in a real headless Chromium: Korean text rendered, share meta present, the browser's
 * Accept-Language followed, and no serious or critical axe-core violations. Harness and skip rule: ops-security's
 * test jar ({@link Chromium}). The pages' stylesheet (/assets/site.css, served by proposal-service in the platform)
 * is served here from the proposal-service sources ({@link PlatformStylesheet}), so contrast is checked against the
 * real look. Screenshots: {@code target/browser-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.NetworkClient=ERROR", "catalog.public-base-url=https://sane.example.kr",
        "platform.operator.user=operator", "platform.operator.password=" + CatalogPagesBrowserTest.OPERATOR_PASSWORD,
        "platform.ops.session-secret=" + CatalogPagesBrowserTest.OPS_SECRET, "catalog.transparency.refresh-after=PT0S"})
@org.springframework.context.annotation.Import({PinnedClock.class, PlatformStylesheet.class})
@ExtendWith(Chromium.Required.class)
@EmbeddedKafka(partitions = 1,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted",
                "department.directory-changed"},
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
class CatalogPagesBrowserTest {

    static final String OPERATOR_PASSWORD = "browser-operator-secret";
    static final String OPS_SECRET = "browser-ops-session-secret";
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = "mongodb://" + hostPort(MONGO);

    private static Chromium chromium;
    private static WebDriver driver;

    @org.springframework.beans.factory.annotation.Autowired
    MutableClock clock;
    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.kafka.test.EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
    }

    @BeforeAll
    static void startChromium() throws IOException {
        chromium = Chromium.start(SCREENSHOTS);
        driver = chromium.driver;
    }

    @BeforeEach
    void freshCookies() {
        open("/actuator/health");
        driver.manage().deleteAllCookies();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        MONGO.shutdownNow();
    }

    @Test
    void casesPageRendersKoreanAndHasNoSeriousAccessibilityViolations() throws IOException {
        open("/cases");
        assertKoreanPage();
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("협력사례");
        assertThat(driver.findElements(By.cssSelector("main a[href^='/cases/']")).size()).isGreaterThanOrEqualTo(12);
        assertThat(bodyText()).contains("주요 사례").contains("분야별").contains("국내·외").contains("명동관광정보센터");
        chromium.check("cases");

        open("/cases?q=" + java.net.URLEncoder.encode("플라스틱", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(driver.findElements(By.tagName("mark"))).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getText()).isEqualTo("플라스틱"));
        assertNoSeriousViolations("/cases?q=플라스틱");
    }

    @Test
    void casePageCarriesShareMetaAndHasNoSeriousAccessibilityViolations() {
        open("/cases/yellow-carpet-school-zone");
        assertKoreanPage();
        String title = driver.findElement(By.tagName("h1")).getText();
        assertThat(title).containsPattern("[가-힣]");
        assertThat(meta("property", "og:title")).isEqualTo(title);
        assertThat(meta("property", "og:description")).containsPattern("[가-힣]").hasSizeGreaterThan(20);
        assertThat(meta("property", "og:url")).isEqualTo("https://sane.example.kr/cases/yellow-carpet-school-zone");
        assertThat(meta("property", "og:locale")).isEqualTo("ko_KR");
        assertThat(meta("name", "twitter:card")).isEqualTo("summary");
        assertThat(meta("name", "twitter:title")).isEqualTo(title);
        assertThat(driver.findElement(By.id("share-url")).getDomProperty("value"))
                .isEqualTo("https://sane.example.kr/cases/yellow-carpet-school-zone");
        assertThat(driver.findElements(By.cssSelector("ul.share a")).stream().map(a -> a.getDomAttribute("href")))
                .anyMatch(h -> h.startsWith("https://www.facebook.com/sharer/sharer.php?u="))
                .anyMatch(h -> h.startsWith("https://twitter.com/intent/tweet?url="));
        assertNoSeriousViolations("/cases/yellow-carpet-school-zone");

        open("/cases/no-such-case");
        assertThat(bodyText()).contains("페이지를 찾을 수 없습니다");
        assertNoSeriousViolations("/cases/no-such-case");
    }

    @Test
    void institutionsPageRendersKoreanAndHasNoSeriousAccessibilityViolations() {
        open("/institutions");
        assertKoreanPage();
        assertThat(bodyText()).contains("협력기관").contains("서울주택도시공사");
        List<WebElement> homepages = driver.findElements(By.cssSelector("main a[target='_blank']"));
        assertThat(homepages).hasSizeGreaterThanOrEqualTo(30)
                .allSatisfy(a -> assertThat(a.getDomAttribute("href")).matches("^https?://.+"));
        assertNoSeriousViolations("/institutions");

        open("/institutions?lang=en");
        assertThat((String) js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(bodyText()).contains("Partner institutions");
    }

    @Test
    void institutionFormShowsKoreanErrorsNextToTheFieldsAndHasNoSeriousAccessibilityViolations() {
        // logged in as after the ops login (served by proposal-service): the signed SANE_OPS cookie
        driver.get("http://localhost:" + port + "/institutions");
        driver.manage().addCookie(new org.openqa.selenium.Cookie("SANE_OPS",
                new OpsTokens(OPS_SECRET, Duration.ofHours(8), clock).mint("operator", List.of("OPERATOR"))));
        driver.get("http://localhost:" + port + "/ops/catalog/institutions");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("협력기관 관리");
        assertThat(driver.findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThanOrEqualTo(30);
        assertNoSeriousViolations("/ops/catalog/institutions");

        driver.findElement(By.linkText("새 협력기관 등록")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.tagName("h1"), "새 협력기관 등록"));
        assertNoSeriousViolations("/ops/catalog/institutions/new");
        driver.findElement(By.id("id")).sendKeys("Bad Id");
        driver.findElement(By.id("name")).sendKeys("<b>성동 나눔 공방</b>");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("kind"))).selectByValue("PRIVATE");
        WebElement homepage = driver.findElement(By.id("homepage"));
        homepage.clear();
        homepage.sendKeys("ftp://files.example.org");
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();

        // the answer is a new page: wait for it instead of reading the form that was just submitted
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("id-error")));
        assertThat(driver.findElement(By.id("id-error")).getText()).contains("주소 이름은 영문 소문자");
        assertThat(driver.findElement(By.id("fields-error")).getText()).contains("분야를 하나 이상");
        assertThat(driver.findElement(By.id("homepage-error")).getText()).contains("http:// 또는 https://");
        assertThat(driver.findElement(By.id("homepage")).getDomAttribute("aria-describedby")).isEqualTo("homepage-error");
        assertThat(driver.findElement(By.id("name")).getDomProperty("value")).isEqualTo("<b>성동 나눔 공방</b>");
        assertThat(driver.findElements(By.cssSelector("main b"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("[role='alert'] h2")).getText()).isEqualTo("입력 내용을 확인해 주세요");
        assertNoSeriousViolations("/ops/catalog/institutions (errors)");
    }

    @Test
    void transparencyPageShowsTheFiguresAsSvgChartsAndTablesInKoreanAndEnglish() throws Exception {
        try (var producer = new org.springframework.kafka.core.DefaultKafkaProducerFactory<String, String>(
                org.springframework.kafka.test.utils.KafkaTestUtils.producerProps(broker),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer()).createProducer()) {
            TransparencyIntegrationTest.scenario().forEach(producer::send);
            // routing-service's directory retires 자원순환과 into 기후환경정책과: still listed, marked
            producer.send(DepartmentDirectoryNamesTest.version("RESOURCE_CIRCULATION", "자원순환과", 2, "RETIRED",
                    "CLIMATE"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            open("/transparency");
        } while (!(bodyText().contains("기후환경정책과") && bodyText().contains("폐지됨"))
                && System.nanoTime() < deadline);
        assertKoreanPage();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("처리 현황 공개");
        assertThat(bodyText()).contains("집계 기간").contains("마지막 갱신").contains("자원순환과 (폐지됨 → 기후환경정책과)")
                .contains("첫 답변까지 영업일(중앙값)").contains("공공누리 제1유형");
        List<WebElement> charts = driver.findElements(By.cssSelector("main svg[role='img']"));
        assertThat(charts).hasSize(2);
        // the month chart: one bar per month from September to November, each with its count as text
        assertThat(charts.getFirst().findElements(By.tagName("rect"))).hasSize(3);
        assertThat(charts.get(1).findElements(By.tagName("rect"))).hasSize(13);
        assertThat(driver.findElements(By.cssSelector("main table caption"))).hasSize(3);
        assertThat(bodyText()).doesNotContain(TransparencyIntegrationTest.PERSONAL.get(4))
                .doesNotContain(TransparencyIntegrationTest.PERSONAL.get(0));
        chromium.check("transparency");

        open("/transparency?lang=en");
        assertThat((String) js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("How the city answers");
        assertThat(bodyText()).contains("Acceptance rate").contains("Environment and parks")
                .contains("자원순환과 (retired → 기후환경정책과)");
        assertNoSeriousViolations("/transparency?lang=en");

        // the operators' analytics of the same events, behind the ops login
        open("/ops/catalog/analytics");
        assertThat(bodyText()).as("not without the login").doesNotContain("배정 품질과 부서 답변 분석");
        driver.manage().addCookie(new org.openqa.selenium.Cookie("SANE_OPS",
                new OpsTokens(OPS_SECRET, Duration.ofHours(8), clock).mint("operator", List.of("OPERATOR"))));
        open("/ops/catalog/analytics?lang=ko");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("배정 품질과 부서 답변 분석");
        assertThat(driver.findElement(By.cssSelector("nav a[aria-current='page']")).getText()).isEqualTo("분석");
        assertThat(bodyText()).contains("정정됨").contains("자원순환과 (폐지됨 → 기후환경정책과)").contains("25%")
                .doesNotContain(TransparencyIntegrationTest.PERSONAL.get(0));
        List<WebElement> trend = driver.findElements(By.cssSelector("main svg[role='img']"));
        assertThat(trend).as("share corrected and median days per week").hasSize(2);
        assertThat(trend.getFirst().findElements(By.tagName("rect"))).hasSize(10);
        chromium.check("ops-analytics");

        open("/ops/catalog/analytics?lang=en");
        assertThat((String) js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Routing quality and department answers");
        assertNoSeriousViolations("/ops/catalog/analytics?lang=en");
    }

    @Test
    void unknownPathsGetTheNotFoundPageInTheChosenLanguage() {
        open("/no-such-page");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("페이지를 찾을 수 없습니다");
        assertNoSeriousViolations("/no-such-page");
        open("/no-such-page?lang=en");
        assertThat((String) js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
    }

    @Test
    void aBrowserAskingForEnglishGetsEnglishPagesUntilKoreanIsChosen() throws IOException {
        try (Chromium english = Chromium.start(SCREENSHOTS, "en-US,en")) {
            english.open("http://localhost:" + port + "/cases");
            assertThat(english.js("return document.documentElement.lang")).isEqualTo("en");
            assertThat(english.find("h1").getText()).doesNotContainPattern("[가-힣]");
            english.check("cases-accept-language-en");

            english.open("http://localhost:" + port + "/institutions?lang=ko");
            assertThat(english.js("return document.documentElement.lang")).isEqualTo("ko");
            english.open("http://localhost:" + port + "/transparency");
            assertThat(english.js("return document.documentElement.lang")).as("the lang cookie beats Accept-Language")
                    .isEqualTo("ko");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private static void assertKoreanPage() {
        assertThat((String) js("return document.documentElement.lang")).isEqualTo("ko");
        assertThat((String) js("return document.characterSet")).isEqualTo("UTF-8");
        assertThat(driver.getTitle()).containsPattern("[가-힣]");
        // rendered, not only present: Hangul laid out with a real font has width, and the text is visible
        WebElement h1 = driver.findElement(By.tagName("h1"));
        assertThat(h1.isDisplayed()).isTrue();
        assertThat(h1.getText()).containsPattern("[가-힣]");
        Number hangulWidth = (Number) js("""
                const c = document.createElement('canvas').getContext('2d');
                c.font = getComputedStyle(document.querySelector('h1')).font;
                return c.measureText('협력사례').width;""");
        assertThat(hangulWidth.doubleValue()).isGreaterThan(20);
    }

    private static String bodyText() {
        return chromium.bodyText();
    }

    private static String meta(String attribute, String name) {
        List<WebElement> found = driver.findElements(By.cssSelector("meta[" + attribute + "='" + name + "']"));
        assertThat(found).as("meta " + name).hasSize(1);
        return found.getFirst().getDomAttribute("content");
    }

    private static Object js(String script) {
        return chromium.js(script);
    }

    private static void assertNoSeriousViolations(String page) {
        chromium.assertNoSeriousViolations(page);
    }

    private static String hostPort(MongoServer server) {
        var address = server.bind();
        return address.getHostString() + ":" + address.getPort();
    }
}
