package kr.seoul.sane.opssecurity.language;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.RequestContextUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The language every service's pages get from this module, over real HTTP: Korean by default, {@code ?lang=en}
 * switches and sets the {@code lang} cookie, the cookie is honoured, and without either {@code Accept-Language}
 * decides between the two languages.
 */
@SpringBootTest(classes = LanguageAutoConfigurationTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration,"
                + "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"})
class LanguageAutoConfigurationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @RestController
        static class Page {
            @GetMapping("/page")
            String language(HttpServletRequest request) {
                return RequestContextUtils.getLocale(request).getLanguage();
            }
        }

        @Bean
        SecurityFilterChain publicPaths(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void koreanIsTheDefault() throws Exception {
        HttpResponse<String> page = get("/page");
        assertThat(page.body()).isEqualTo("ko");
        assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void langEnSwitchesToEnglishAndIsRememberedInTheCookie() throws Exception {
        HttpResponse<String> page = get("/page?lang=en");
        assertThat(page.body()).isEqualTo("en");
        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("lang=en").contains("Path=/", "SameSite=Lax", "Max-Age=31536000"));
        assertThat(get("/page", "Cookie", "lang=en").body()).isEqualTo("en");
    }

    @Test
    void acceptLanguageDecidesWithoutCookieOrParameter() throws Exception {
        assertThat(get("/page", "Accept-Language", "en-US,en;q=0.9").body()).isEqualTo("en");
        assertThat(get("/page", "Accept-Language", "ko-KR,ko;q=0.9,en;q=0.8").body()).isEqualTo("ko");
    }

    @Test
    void theCookieAndTheParameterWinOverAcceptLanguage() throws Exception {
        assertThat(get("/page", "Accept-Language", "en-US", "Cookie", "lang=ko").body()).isEqualTo("ko");
        assertThat(get("/page?lang=ko", "Accept-Language", "en-US").body()).isEqualTo("ko");
    }

    @Test
    void anyOtherLanguageIsKorean() throws Exception {
        assertThat(get("/page?lang=fr").body()).isEqualTo("ko");
        assertThat(get("/page?lang=%E2%9C%93%20%20").body()).isEqualTo("ko");
    }

    @Test
    void acceptLanguageHeadersAreReadTolerantly() {
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Locale.ENGLISH);
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage("fr-FR, en;q=0.5")).isEqualTo(Locale.ENGLISH);
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage("en;q=0.3, ko;q=0.7")).isEqualTo(Locale.KOREAN);
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage("de")).isEqualTo(Locale.KOREAN);
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage(null)).isEqualTo(Locale.KOREAN);
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage(";;;garbage==")).isEqualTo(Locale.KOREAN);
        assertThat(KoreanFirstLocaleResolver.fromAcceptLanguage("en," + "x".repeat(600))).isEqualTo(Locale.KOREAN);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
