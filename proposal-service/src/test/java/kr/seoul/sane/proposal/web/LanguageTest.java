package kr.seoul.sane.proposal.web;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTest {

    @Test
    void acceptLanguagePicksEnglishOnlyWhenPreferred() {
        assertThat(WebConfig.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Locale.ENGLISH);
        assertThat(WebConfig.fromAcceptLanguage("fr-FR, en;q=0.5")).isEqualTo(Locale.ENGLISH);
        assertThat(WebConfig.fromAcceptLanguage("ko-KR,ko;q=0.9,en;q=0.8")).isEqualTo(Locale.KOREAN);
        assertThat(WebConfig.fromAcceptLanguage("en;q=0.3, ko;q=0.7")).isEqualTo(Locale.KOREAN);
        assertThat(WebConfig.fromAcceptLanguage("de")).isEqualTo(Locale.KOREAN);
        assertThat(WebConfig.fromAcceptLanguage(null)).isEqualTo(Locale.KOREAN);
        assertThat(WebConfig.fromAcceptLanguage(";;;garbage==")).isEqualTo(Locale.KOREAN);
    }
}
