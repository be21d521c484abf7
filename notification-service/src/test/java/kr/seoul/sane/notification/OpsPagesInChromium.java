package kr.seoul.sane.notification;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The ops pages in a real headless Chromium, checked with axe-core (no serious or critical violation), as
 * catalog-service's browser test does. Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages
 * {@code chromium}, {@code chromium-driver}). The same rule as the other modules' browser tests: with {@code CI=true}
 * it always runs and fails without Chromium; elsewhere it is skipped, with the reason in the test report, when
 * Chromium is missing or {@code SANE_SKIP_BROWSER_TESTS=true} (environment or system property).
 */
final class OpsPagesInChromium implements AutoCloseable {

    static final String CHROMIUM = env("CHROMIUM_BIN", "/usr/bin/chromium");
    static final String CHROMEDRIVER = env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    /** proposal-service's stylesheet, which the gateway serves at /assets/site.css next to these pages. */
    static final Path SITE_CSS = Path.of("../proposal-service/src/main/resources/static/assets/site.css");

    private final WebDriver driver;
    private final Path profile;
    private final String origin;

    private OpsPagesInChromium(WebDriver driver, Path profile, String origin) {
        this.driver = driver;
        this.profile = profile;
        this.origin = origin;
    }

    /**
     * Chromium signed in as the operator: the signed {@code SANE_OPS} cookie the ops login (proposal-service,
     * behind the same gateway) would have set, minted with the services' shared ops secret.
     */
    static OpsPagesInChromium open(int port, String user, String opsSecret, java.time.Clock clock) throws IOException {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!ci && ("true".equalsIgnoreCase(System.getProperty("SANE_SKIP_BROWSER_TESTS"))
                || "true".equalsIgnoreCase(System.getenv("SANE_SKIP_BROWSER_TESTS")))) {
            Assumptions.abort("browser tests skipped: SANE_SKIP_BROWSER_TESTS=true");
        }
        if (!installed) {
            String missing = "Chromium is needed for the browser tests: install the Debian packages 'chromium' and "
                    + "'chromium-driver' (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
            if (ci) {
                fail(missing + " (CI=true: browser tests must run)");
            }
            Assumptions.abort(missing + "; browser tests skipped outside CI");
        }
        Path profile = Files.createTempDirectory("notification-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600", "--lang=ko-KR", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.get("http://localhost:" + port + "/actuator/health");
        driver.manage().addCookie(new org.openqa.selenium.Cookie("SANE_OPS", new kr.seoul.sane.opssecurity.OpsTokens(
                opsSecret, Duration.ofHours(8), clock).mint(user, java.util.List.of("OPERATOR"))));
        return new OpsPagesInChromium(driver, profile, "http://localhost:" + port);
    }

    void go(String path) {
        driver.get(origin + path);
    }

    String text() {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.body.innerText");
    }

    /** Whether the platform stylesheet was applied (the ops header's dark brand colour). */
    boolean styled() {
        return !"rgba(0, 0, 0, 0)".equals(((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.querySelector('header')).backgroundColor"));
    }

    void screenshot(Path file) throws IOException {
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    void assertNoSeriousViolations(String page) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.isErrored()).as("axe-core ran on " + page + ": " + results.getErrorMessage()).isFalse();
        List<Rule> serious = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact())).toList();
        assertThat(serious).as("serious or critical axe-core violations on " + page + ":\n" + serious.stream()
                        .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at "
                                + v.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
                                .collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
