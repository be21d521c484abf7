package kr.seoul.sane.routing.ops;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.opssecurity.OpsTokens;
import kr.seoul.sane.opssecurity.browser.Chromium;
import kr.seoul.sane.opssecurity.browser.PlatformStylesheet;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The department directory page in a real headless Chromium (ops-security's harness and skip rule): an ADMIN adds a
 * department through the form, sees the Korean errors next to the fields first, and every state of the pages has no
 * serious or critical axe-core violation; an OPERATOR sees the list without forms. Screenshots:
 * {@code target/browser-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.operator.user=ops",
        "platform.operator.password=ops-secret",
        "platform.ops.session-secret=" + DepartmentPagesBrowserTest.OPS_SECRET,
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@Import({PinnedClock.class, PlatformStylesheet.class})
@ExtendWith(Chromium.Required.class)
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.status-changed",
        "proposal.personal-data-erased", "proposal.routed", "proposal.triaged", "department.directory-changed"})
class DepartmentPagesBrowserTest {

    static final String OPS_SECRET = "browser-ops-session-secret-for-routing";
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

    private static Chromium chromium;
    private static WebDriver driver;

    @Autowired
    MutableClock clock;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
    }

    @BeforeAll
    static void startChromium() throws IOException {
        chromium = Chromium.start(Path.of("target", "browser-screenshots"));
        driver = chromium.driver;
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        MONGO.shutdownNow();
    }

    @Test
    void anAdminAddsADepartmentThroughTheFormAndAnOperatorOnlyReads() {
        loginAs("operator", "OPERATOR");
        driver.get(url("/ops/routing/departments"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("부서 목록");
        assertThat(driver.findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThanOrEqualTo(33);
        assertThat(driver.findElements(By.id("code"))).isEmpty();
        chromium.assertNoSeriousViolations("/ops/routing/departments (operator)");

        loginAs("admin", "OPERATOR", "ADMIN");
        driver.get(url("/ops/routing/departments"));
        chromium.assertNoSeriousViolations("/ops/routing/departments (admin)");
        driver.findElement(By.id("code")).sendKeys("BROWSER_DESK");
        driver.findElement(By.id("name")).sendKeys("<b>화면시험과</b>");
        driver.findElement(By.id("email")).sendKeys("no-at-sign");
        driver.findElement(By.id("responsibilities")).sendKeys("브라우저로 추가하는 부서의 담당 업무입니다.");
        driver.findElement(By.cssSelector("section form button[type='submit']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("email-error")));
        assertThat(driver.findElement(By.id("email-error")).getText()).contains("이메일 주소 형식");
        assertThat(driver.findElement(By.id("email")).getDomAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(driver.findElement(By.id("name")).getDomProperty("value")).isEqualTo("<b>화면시험과</b>");
        assertThat(driver.findElements(By.cssSelector("main b"))).isEmpty();
        chromium.assertNoSeriousViolations("/ops/routing/departments (errors)");

        driver.findElement(By.id("name")).clear();
        driver.findElement(By.id("name")).sendKeys("화면시험과");
        driver.findElement(By.id("email")).clear();
        driver.findElement(By.id("email")).sendKeys("browser-desk@dept.seoul.example");
        driver.findElement(By.cssSelector("section form button[type='submit']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("edit-heading")));
        assertThat(driver.getCurrentUrl()).contains("/ops/routing/departments/BROWSER_DESK");
        assertThat(chromium.bodyText()).contains("새 부서를 추가했습니다", "browser-desk@dept.seoul.example");
        chromium.assertNoSeriousViolations("/ops/routing/departments/BROWSER_DESK");

        driver.get(url("/ops/routing/departments/BROWSER_DESK?lang=en"));
        assertThat(driver.findElement(By.id("edit-heading")).getText()).isEqualTo("Edit the department");
    }

    private void loginAs(String name, String... roles) {
        driver.get(url("/actuator/health"));
        driver.manage().deleteAllCookies();
        driver.manage().addCookie(new Cookie("SANE_OPS",
                new OpsTokens(OPS_SECRET, Duration.ofHours(8), clock).mint(name, List.of(roles))));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
