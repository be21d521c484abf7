package kr.seoul.sane.opssecurity.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * When the browser tests run: with {@code CI=true} always (and they fail when Chromium is missing); elsewhere they
 * are skipped, with the reason printed and in the test report, when Chromium is missing or
 * {@code SANE_SKIP_BROWSER_TESTS=true} (environment or system property).
 *
 * @param ci            {@code CI=true}
 * @param skipRequested {@code SANE_SKIP_BROWSER_TESTS=true}
 * @param installed     Chromium and chromedriver are executable
 */
public record BrowserTestRule(boolean ci, boolean skipRequested, boolean installed) {

    /** Debian's Chromium, or {@code CHROMIUM_BIN}. */
    public static final String CHROMIUM = env("CHROMIUM_BIN", "/usr/bin/chromium");
    /** Debian's chromedriver, or {@code CHROMEDRIVER_BIN}. */
    public static final String CHROMEDRIVER = env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");

    /** The rule for this process's environment. */
    public static BrowserTestRule current() {
        return new BrowserTestRule("true".equalsIgnoreCase(System.getenv("CI")),
                "true".equalsIgnoreCase(System.getProperty("SANE_SKIP_BROWSER_TESTS"))
                        || "true".equalsIgnoreCase(System.getenv("SANE_SKIP_BROWSER_TESTS")),
                Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)));
    }

    /** Run or skip, with the reason; a skip is also printed so that it shows in the build output. */
    public ConditionEvaluationResult evaluate() {
        if (ci) {
            return ConditionEvaluationResult.enabled("CI=true: browser tests must run");
        }
        String skipped = skipRequested ? "browser tests skipped: SANE_SKIP_BROWSER_TESTS=true"
                : installed ? null : missing() + "; browser tests skipped outside CI";
        if (skipped == null) {
            return ConditionEvaluationResult.enabled("Chromium found");
        }
        System.err.println("[browser tests] " + skipped);
        return ConditionEvaluationResult.disabled(skipped);
    }

    /** What to install for the browser tests. */
    public String missing() {
        return "Chromium is needed for the browser tests: install the Debian packages 'chromium' and "
                + "'chromium-driver' (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
