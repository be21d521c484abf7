package kr.seoul.sane.opssecurity.browser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one skip rule of the services' browser tests. */
class BrowserTestRuleTest {

    @Test
    void underCiTheyAlwaysRunEvenWithoutChromiumOrWhenSkippingIsAsked() {
        assertThat(new BrowserTestRule(true, true, false).evaluate().isDisabled()).isFalse();
        assertThat(new BrowserTestRule(true, false, false).evaluate().isDisabled()).isFalse();
    }

    @Test
    void outsideCiAMissingChromiumSkipsWithTheReason() {
        var result = new BrowserTestRule(false, false, false).evaluate();
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("chromium-driver", "skipped outside CI"));
    }

    @Test
    void outsideCiTheyRunWithChromiumUnlessSkippingIsAsked() {
        assertThat(new BrowserTestRule(false, false, true).evaluate().isDisabled()).isFalse();
        assertThat(new BrowserTestRule(false, true, true).evaluate().getReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("SANE_SKIP_BROWSER_TESTS=true"));
    }
}
