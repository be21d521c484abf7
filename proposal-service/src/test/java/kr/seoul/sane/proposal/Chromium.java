package kr.seoul.sane.proposal;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium} through {@code /usr/bin/chromedriver}, Selenium Manager never
 * runs) for the browser tests, with axe-core and screenshots. Skip rule ({@link Required}): with {@code CI=true} the
 * tests always run and fail when Chromium is missing; elsewhere they are skipped, with the reason in the test report,
 * when Chromium is missing or {@code SANE_SKIP_BROWSER_TESTS=true} (environment or system property).
 */
final class Chromium implements AutoCloseable {

    static final String CHROMIUM = env("CHROMIUM_BIN", "/usr/bin/chromium");
    static final String CHROMEDRIVER = env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");

    final WebDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Chromium(WebDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /**
     * The skip rule as a JUnit condition on the test class ({@code @ExtendWith(Chromium.Required.class)}): outside
     * CI a class is disabled, with the reason in the test report, when Chromium is missing or skipping was asked for;
     * with {@code CI=true} it always runs (and {@link #start} fails without Chromium).
     */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (ci()) {
                return ConditionEvaluationResult.enabled("CI=true: browser tests must run");
            }
            if (skipRequested()) {
                return ConditionEvaluationResult.disabled("browser tests skipped: SANE_SKIP_BROWSER_TESTS=true");
            }
            if (!installed()) {
                return ConditionEvaluationResult.disabled(missing() + "; browser tests skipped outside CI");
            }
            return ConditionEvaluationResult.enabled("Chromium found");
        }
    }

    /** Starts Chromium (Korean first); fails when it is missing (see {@link Required} for skipping). */
    static Chromium start(Path screenshots) throws IOException {
        if (!installed()) {
            fail(missing() + (ci() ? " (CI=true: browser tests must run)" : ""));
        }
        Files.createDirectories(screenshots);
        Path profile = Files.createTempDirectory("proposal-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600", "--lang=ko-KR", "--user-data-dir=" + profile);
        // headless Chromium ignores --lang for Accept-Language: the preference sets it
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ko-KR,ko"));
        // the console, to see what the Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, profile, screenshots);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The id of the focused element ("" when it has none). */
    String focusedId() {
        return String.valueOf(js("return document.activeElement ? document.activeElement.id : ''"));
    }

    String bodyText() {
        return find("body").getText();
    }

    /** A PNG of the page as shown ({@code name}.png in the screenshot folder), then axe-core on it. */
    void check(String name) {
        screenshot(name);
        assertNoSeriousViolations(name + " (" + driver.getCurrentUrl() + ")");
    }

    void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No serious or critical axe-core violation on the page shown now. */
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
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static boolean installed() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    private static String missing() {
        return "Chromium is needed for the browser tests: install the Debian packages 'chromium' and "
                + "'chromium-driver' (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
    }

    private static boolean skipRequested() {
        return "true".equalsIgnoreCase(System.getProperty("SANE_SKIP_BROWSER_TESTS"))
                || "true".equalsIgnoreCase(System.getenv("SANE_SKIP_BROWSER_TESTS"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
