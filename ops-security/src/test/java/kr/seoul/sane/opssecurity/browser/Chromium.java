package kr.seoul.sane.opssecurity.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
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
 * Debian's headless Chromium ({@code /usr/bin/chromium} through {@code /usr/bin/chromedriver}; Selenium Manager never
 * runs) for the services' browser tests, with axe-core and screenshots. Put {@code @ExtendWith(Chromium.Required.class)}
 * on the test class or method for the skip rule ({@link BrowserTestRule}).
 */
public final class Chromium implements AutoCloseable {

    /** Korean first, as a Korean user's browser asks. */
    public static final String KOREAN_FIRST = "ko-KR,ko";
    /**
     * proposal-service's stylesheet, which the gateway serves at {@code /assets/site.css} next to every page (the
     * path as seen from a service module); {@link PlatformStylesheet} serves it in a service's test.
     */
    public static final Path SITE_CSS = Path.of("../proposal-service/src/main/resources/static/assets/site.css");

    public final WebDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Chromium(WebDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** The skip rule of {@link BrowserTestRule} as a JUnit condition on a test class or method. */
    public static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return BrowserTestRule.current().evaluate();
        }
    }

    /** Chromium asking for Korean first; PNGs go to {@code screenshots}. */
    public static Chromium start(Path screenshots) throws IOException {
        return start(screenshots, KOREAN_FIRST);
    }

    /**
     * Chromium preferring {@code languages} (language tags, comma-separated, no q-values: Chromium adds them to its
     * Accept-Language, e.g. {@code "en-US,en"}); fails when Chromium is missing (the skip
     * rule, {@link Required}, decides beforehand whether a test runs at all).
     */
    public static Chromium start(Path screenshots, String languages) throws IOException {
        BrowserTestRule rule = BrowserTestRule.current();
        if (!rule.installed()) {
            fail(rule.missing() + (rule.ci() ? " (CI=true: browser tests must run)" : ""));
        }
        Files.createDirectories(screenshots);
        Path profile = Files.createTempDirectory("sane-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserTestRule.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600", "--user-data-dir=" + profile);
        // headless Chromium ignores --lang for Accept-Language: the preference sets it
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
        // the console, to see what the Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(BrowserTestRule.CHROMEDRIVER)).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, profile, screenshots);
    }

    /** Opens {@code url}. */
    public void open(String url) {
        driver.get(url);
    }

    /** Sets a cookie for the site open now (open a page of the site first). */
    public void cookie(String name, String value) {
        driver.manage().addCookie(new Cookie(name, value));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The id of the focused element ("" when it has none). */
    public String focusedId() {
        return String.valueOf(js("return document.activeElement ? document.activeElement.id : ''"));
    }

    /** The page's text as shown. */
    public String bodyText() {
        return find("body").getText();
    }

    /** A PNG of the page as shown ({@code name}.png in the screenshot folder), then axe-core on it. */
    public void check(String name) {
        screenshot(name);
        assertNoSeriousViolations(name + " (" + driver.getCurrentUrl() + ")");
    }

    /** A PNG of the page as shown: {@code name}.png in the screenshot folder. */
    public Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** No serious or critical axe-core violation on the page shown now. */
    public void assertNoSeriousViolations(String page) {
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
}
