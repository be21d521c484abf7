package kr.seoul.sane.proposal;

import kr.seoul.sane.opssecurity.browser.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator account page in a real headless Chromium, with the keyboard only and without script of its own: an
 * ADMIN logs in, creates an account (first with a too short password, the error next to the field), disables it,
 * and reads the page in English; every state is checked with axe-core (no serious or critical violation) and saved
 * under {@code target/browser-screenshots/}.
 */
@TestPropertySource(properties = "platform.rate-limit-per-minute=0")
@ExtendWith(Chromium.Required.class)
class OperatorAccountsBrowserTest extends EmbeddedInfrastructureTest {

    static Chromium chromium;

    @BeforeAll
    static void startChromium() throws IOException {
        chromium = Chromium.start(Path.of("target", "browser-screenshots"));
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    void open(String path) {
        chromium.driver.get("http://localhost:" + port + path);
    }

    void type(String css, String text) {
        WebElement field = chromium.find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Submits the form of {@code button} and waits for the next page. */
    void submit(String button) {
        WebElement old = chromium.find("h1");
        chromium.find(button).click();
        new WebDriverWait(chromium.driver, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(old));
    }

    @Test
    void anAdminCreatesAndDisablesAnAccountOnThePage() {
        open("/ops/login?next=/ops/accounts");
        type("#username", OPERATOR);
        type("#password", OPERATOR_PASSWORD);
        submit(".login-form button[type=submit]");
        assertThat(chromium.find("h1").getText()).isEqualTo("운영자 계정");
        assertThat(chromium.find("a[aria-current=page]").getText()).isEqualTo("운영자 계정");
        chromium.check("ops-accounts");

        type("#account-username", "choi.yuna");
        type("#account-displayName", "최유나");
        type("#account-password", "짧은암호");
        submit("form[action='/ops/accounts'] button[type=submit]");
        assertThat(chromium.find(".error-summary").getText()).contains("초기 비밀번호는 12자 이상");
        assertThat(chromium.find("#account-password").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(chromium.find("#account-username").getAttribute("value")).isEqualTo("choi.yuna");
        chromium.check("ops-accounts-error");

        type("#account-password", "한강-새활용-2026!");
        submit("form[action='/ops/accounts'] button[type=submit]");
        assertThat(chromium.find("[role=status]").getText()).contains("choi.yuna 계정을 만들었습니다");
        chromium.check("ops-accounts-created");

        submit("button[aria-label='choi.yuna 계정 비활성화']");
        assertThat(chromium.find("[role=status]").getText()).contains("choi.yuna 계정을 비활성화했습니다");
        assertThat(chromium.bodyText()).contains("비활성", "다시 활성화");
        chromium.check("ops-accounts-disabled");

        open("/ops/accounts?lang=en");
        assertThat(chromium.find("h1").getText()).isEqualTo("Operator accounts");
        chromium.check("ops-accounts-en");
        open("/ops/accounts?lang=ko");
    }
}
