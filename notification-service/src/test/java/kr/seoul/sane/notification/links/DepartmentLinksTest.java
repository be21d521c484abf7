package kr.seoul.sane.notification.links;

import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.opssecurity.time.FixedDates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens in the format proposal-service verifies (its README, "Department links"), checked against its published
 * test vector and with an independent verification written after that description.
 */
public class DepartmentLinksTest {

    // the reference vector of proposal-service (links/LinkTokensTest)
    private static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";
    private static final String VECTOR_TOKEN = "Njc0MWEzZjJjOWU3N2IxZDJhNWYwYzExfFJFU09VUkNFX0NJUkNVTEFUSU9OfDE3OTg3NjE2MDA"
            + ".MjCHCZQ8_jfWIo2SqvMzhZe-ifFz4BGK0km3MU_5Kcw";

    private final DepartmentLinks links = new DepartmentLinks(SECRET, "https://sane.seoul.example/", Duration.ofDays(30));

    @Test
    void buildsTheReferenceVector() {
        assertThat(links.token("6741a3f2c9e77b1d2a5f0c11", "RESOURCE_CIRCULATION", 1798761600L, null))
                .isEqualTo(VECTOR_TOKEN);
        assertThat(verify(VECTOR_TOKEN, SECRET)).isEqualTo("6741a3f2c9e77b1d2a5f0c11|RESOURCE_CIRCULATION|1798761600");
    }

    /** proposal-service's reference vector of a supporting department's opinion token (links/LinkTokensTest). */
    @Test
    void theOpinionLinkCarriesTheReferenceTokenOfItsKind() {
        Instant expires = Instant.ofEpochSecond(1798761600L);
        DepartmentLinks.Link link = links.supportingOpinion("6741a3f2c9e77b1d2a5f0c11", "CLIMATE",
                expires.minus(Duration.ofDays(30))).orElseThrow();
        assertThat(link.url()).isEqualTo("https://sane.seoul.example/department/proposals/6741a3f2c9e77b1d2a5f0c11"
                + "/opinion?token=QHN1cHBvcnRpbmctb3Bpbmlvbnw2NzQxYTNmMmM5ZTc3YjFkMmE1ZjBjMTF8Q0xJTUFURXwxNzk4NzYxNjAw"
                + ".hxyibl_qTuopdzZYEhpNgnnEau3PH5vgPAiCglTj7rU");
        assertThat(link.expiresAt()).isEqualTo(expires);
        assertThat(new DepartmentLinks("", "https://sane.seoul.example", Duration.ofDays(30))
                .supportingOpinion("6741a3f2c9e77b1d2a5f0c11", "CLIMATE", expires)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void linkPointsToTheDepartmentPageAndIsValidForThirtyDays(FixedDates day) {
        Instant now = day.instant();
        DepartmentLinks.Link link = links.departmentPage("6741a3f2c9e77b1d2a5f0c11", "RESOURCE_CIRCULATION", now)
                .orElseThrow();
        assertThat(link.url()).startsWith("https://sane.seoul.example/department/proposals/6741a3f2c9e77b1d2a5f0c11?token=");
        String token = URI.create(link.url()).getQuery().substring("token=".length());
        assertThat(token).doesNotContain("=", "+", "/");
        assertThat(verify(token, SECRET)).isEqualTo("6741a3f2c9e77b1d2a5f0c11|RESOURCE_CIRCULATION|"
                + now.plus(Duration.ofDays(30)).getEpochSecond());
        assertThat(verify(token, "another-secret")).isNull();
        assertThat(link.expiresAt()).isEqualTo(now.plus(Duration.ofDays(30)));
    }

    @Test
    void actionListIsTheOptionalFourthPart() {
        String token = links.token("6741a3f2c9e77b1d2a5f0c11", "RESOURCE_CIRCULATION", 1798761600L,
                List.of("ACCEPT", "DECLINE"));
        assertThat(verify(token, SECRET)).isEqualTo("6741a3f2c9e77b1d2a5f0c11|RESOURCE_CIRCULATION|1798761600|ACCEPT,DECLINE");
    }

    @Test
    void withoutASecretThereAreNoLinksAndTheMailSaysWhomToAnswer() {
        DepartmentLinks none = new DepartmentLinks("", "https://sane.seoul.example", Duration.ofDays(30));
        assertThat(none.enabled()).isFalse();
        assertThat(none.departmentPage("6741a3f2c9e77b1d2a5f0c11", "RESOURCE_CIRCULATION", FixedDates.WEEKDAY.instant())).isEmpty();
        Map<String, Object> model = new HashMap<>();
        new DepartmentActions(none, new MailComposer()).putInto(model, "6741a3f2c9e77b1d2a5f0c11", "RESOURCE_CIRCULATION", FixedDates.WEEKDAY.instant());
        assertThat(model.get("actionUrl")).isNull();
        assertThat((List<?>) model.get("actions")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void theListLinkIsBoundToTheDepartmentAndMatchesProposalServicesVector(FixedDates day) {
        // proposal-service's reference vector of a list token (links/LinkTokensTest)
        assertThat(verify("QGRlcGFydG1lbnQtbGlzdHxSRVNPVVJDRV9DSVJDVUxBVElPTnwxNzk4NzYxNjAw"
                + ".NBGUll6_6Ji_Yk4D4M59kzV26Lgc8mLxCiRYo59IdOo", SECRET))
                .isEqualTo("@department-list|RESOURCE_CIRCULATION|1798761600");
        Instant now = day.instant();
        DepartmentLinks withListValidity = new DepartmentLinks(SECRET, "https://sane.seoul.example/",
                Duration.ofDays(30), Duration.ofDays(14));
        DepartmentLinks.Link link = withListValidity.departmentList("RESOURCE_CIRCULATION", now).orElseThrow();
        assertThat(link.url()).startsWith(
                "https://sane.seoul.example/department/proposals?department=RESOURCE_CIRCULATION&token=");
        String token = link.url().substring(link.url().indexOf("&token=") + "&token=".length());
        assertThat(verify(token, SECRET)).isEqualTo("@department-list|RESOURCE_CIRCULATION|"
                + now.plus(Duration.ofDays(14)).getEpochSecond());
        assertThat(link.expiresAt()).isEqualTo(now.plus(Duration.ofDays(14)));
        Map<String, Object> model = new HashMap<>();
        new DepartmentActions(links, new MailComposer()).putInto(model, "6741a3f2c9e77b1d2a5f0c11",
                "RESOURCE_CIRCULATION", now);
        assertThat((String) model.get("listUrl")).contains("department=RESOURCE_CIRCULATION&token=");
        assertThat(model.get("listExpires")).isNotNull();
        assertThat(new DepartmentLinks("", "https://sane.seoul.example", Duration.ofDays(30))
                .departmentList("RESOURCE_CIRCULATION", now)).isEmpty();
    }

    /** Independent check, as the README describes it: the payload when the signature matches, else null. */
    public static String verify(String token, String secret) {
        try {
            int dot = token.indexOf('.');
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(payload), signature)
                    ? new String(payload, StandardCharsets.UTF_8) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
