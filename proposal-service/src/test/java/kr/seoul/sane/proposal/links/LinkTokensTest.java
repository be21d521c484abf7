package kr.seoul.sane.proposal.links;

import kr.seoul.sane.opssecurity.time.FixedDates;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.proposal.lifecycle.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LinkTokensTest {

    static final byte[] SECRET = "test-secret-0123456789-abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final LinkTokens TOKENS = new LinkTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    /** The exact format notification-service reproduces (README): computed independently with Python's hmac. */
    @Test
    void theDocumentedFormatIsReproducible() {
        String token = TOKENS.sign("6741a3f2c9e77b1d2a5f0c11", "RESOURCE_CIRCULATION",
                Instant.ofEpochSecond(1798761600L), null);
        assertThat(token).isEqualTo("Njc0MWEzZjJjOWU3N2IxZDJhNWYwYzExfFJFU09VUkNFX0NJUkNVTEFUSU9OfDE3OTg3NjE2MDA"
                + ".MjCHCZQ8_jfWIo2SqvMzhZe-ifFz4BGK0km3MU_5Kcw");
        LinkTokens.Verification v = TOKENS.verify(token);
        assertThat(v.valid()).isTrue();
        assertThat(v.claims().proposalId()).isEqualTo("6741a3f2c9e77b1d2a5f0c11");
        assertThat(v.claims().departmentCode()).isEqualTo("RESOURCE_CIRCULATION");
        assertThat(v.claims().actions()).isEqualTo(Action.DEPARTMENT_ACTIONS);
    }

    @Test
    void forgedTamperedAndMalformedTokensAreRefused() {
        String token = TOKENS.sign("abc123", "CLIMATE", Duration.ofDays(30));
        String forged = new LinkTokens("another secret".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC))
                .sign("abc123", "CLIMATE", Duration.ofDays(30));
        assertThat(TOKENS.verify(forged).failure()).isEqualTo(LinkTokens.Failure.BAD_SIGNATURE);

        String signature = token.substring(token.indexOf('.'));
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("abc123|PARTNERSHIP|" + NOW.plusSeconds(3600).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        assertThat(TOKENS.verify(otherPayload + signature).failure()).isEqualTo(LinkTokens.Failure.BAD_SIGNATURE);

        for (String bad : new String[]{null, "", "no-dot", "a.b.c", ".x", "x.", "!!!.???", "x".repeat(2000)}) {
            assertThat(TOKENS.verify(bad).valid()).as(String.valueOf(bad)).isFalse();
        }
        assertThat(TOKENS.verify(token).valid()).isTrue();
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = TOKENS.sign("abc123", "CLIMATE", NOW.minusSeconds(1), null);
        String edge = TOKENS.sign("abc123", "CLIMATE", NOW, null);
        assertThat(TOKENS.verify(expired).failure()).isEqualTo(LinkTokens.Failure.EXPIRED);
        assertThat(TOKENS.verify(edge).failure()).isEqualTo(LinkTokens.Failure.EXPIRED);
        assertThat(TOKENS.verify(TOKENS.sign("abc123", "CLIMATE", NOW.plusSeconds(1), null)).valid()).isTrue();
    }

    /** A 30-day link signed at 10:00 in Seoul on each kind of day: valid until its last minute, then expired. */
    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void linksLastTheirDaysWhicheverDayTheyWereSigned(FixedDates day) {
        MutableClock clock = day.mutableClock();
        LinkTokens tokens = new LinkTokens(SECRET, clock);
        String link = tokens.sign("abc123", "CLIMATE", Duration.ofDays(30));
        String file = tokens.signAttachment("6741a3f2c9e77b1d2a5f0c12", clock.instant().plus(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(30).minusMinutes(1));
        assertThat(tokens.verify(link).valid()).isTrue();
        assertThat(tokens.verifyAttachment(file, "6741a3f2c9e77b1d2a5f0c12")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.verify(link).failure()).isEqualTo(LinkTokens.Failure.EXPIRED);
        assertThat(tokens.verifyAttachment(file, "6741a3f2c9e77b1d2a5f0c12")).isFalse();
    }

    @Test
    void anActionSetRestrictsTheToken() {
        String token = TOKENS.sign("abc123", "CLIMATE", NOW.plusSeconds(60), Set.of(Action.ACCEPT, Action.DECLINE));
        LinkTokens.Claims claims = TOKENS.verify(token).claims();
        assertThat(claims.allows(Action.ACCEPT)).isTrue();
        assertThat(claims.allows(Action.DECLINE)).isTrue();
        assertThat(claims.allows(Action.TRANSFER)).isFalse();
        assertThat(claims.allows(Action.ANSWER)).isFalse();
    }

    /** Attachment download tokens: documented vector, bound to one file, never interchangeable with a department token. */
    @Test
    void attachmentTokensAreTheirOwnKind() {
        String token = TOKENS.signAttachment("6741a3f2c9e77b1d2a5f0c12", Instant.ofEpochSecond(1798761600L));
        assertThat(token).isEqualTo("YXR0YWNobWVudHw2NzQxYTNmMmM5ZTc3YjFkMmE1ZjBjMTJ8MTc5ODc2MTYwMA"
                + ".hekaJzmhHAQRZaEnOYxbYPeJJY4BHT9XgXqf0v6wWYQ");
        assertThat(TOKENS.verifyAttachment(token, "6741a3f2c9e77b1d2a5f0c12")).isTrue();
        assertThat(TOKENS.verifyAttachment(token, "6741a3f2c9e77b1d2a5f0c13")).isFalse();
        assertThat(TOKENS.verify(token).valid()).isFalse();
        String department = TOKENS.sign("6741a3f2c9e77b1d2a5f0c12", "RESOURCE_CIRCULATION", Duration.ofDays(1));
        assertThat(TOKENS.verifyAttachment(department, "6741a3f2c9e77b1d2a5f0c12")).isFalse();
        assertThat(TOKENS.verifyAttachment(TOKENS.signAttachment("6741a3f2c9e77b1d2a5f0c12", NOW),
                "6741a3f2c9e77b1d2a5f0c12")).as("expired").isFalse();
        assertThat(TOKENS.verifyAttachment(token.substring(0, token.length() - 2) + "AA", "6741a3f2c9e77b1d2a5f0c12"))
                .isFalse();
        assertThat(TOKENS.verifyAttachment(null, "6741a3f2c9e77b1d2a5f0c12")).isFalse();
    }

    /** The list token of a department (the format notification-service reproduces, computed with Python's hmac). */
    @Test
    void departmentListTokensAreTheirOwnKindAndBoundToTheDepartment() {
        String token = TOKENS.signDepartmentList("RESOURCE_CIRCULATION", Instant.ofEpochSecond(1798761600L));
        assertThat(token).isEqualTo("QGRlcGFydG1lbnQtbGlzdHxSRVNPVVJDRV9DSVJDVUxBVElPTnwxNzk4NzYxNjAw"
                + ".NBGUll6_6Ji_Yk4D4M59kzV26Lgc8mLxCiRYo59IdOo");
        LinkTokens.Verification v = TOKENS.verifyDepartmentList(token);
        assertThat(v.valid()).isTrue();
        assertThat(v.claims().departmentCode()).isEqualTo("RESOURCE_CIRCULATION");
        assertThat(v.claims().proposalId()).isNull();
        assertThat(v.claims().actions()).isEmpty();
        assertThat(TOKENS.verify(token).failure()).as("no proposal token").isEqualTo(LinkTokens.Failure.MALFORMED);
        assertThat(TOKENS.verifyAttachment(token, "RESOURCE_CIRCULATION")).isFalse();
        String proposal = TOKENS.sign("6741a3f2c9e77b1d2a5f0c12", "RESOURCE_CIRCULATION", Duration.ofDays(1));
        assertThat(TOKENS.verifyDepartmentList(proposal).failure()).isEqualTo(LinkTokens.Failure.MALFORMED);
        assertThat(TOKENS.verifyDepartmentList(TOKENS.signDepartmentList("RESOURCE_CIRCULATION", NOW)).failure())
                .isEqualTo(LinkTokens.Failure.EXPIRED);
        assertThat(TOKENS.verifyDepartmentList(token.substring(0, token.length() - 2) + "AA").valid()).isFalse();
    }

    /**
     * A supporting department's opinion token (the format notification-service reproduces, computed with Python's
     * hmac): bound to the proposal and the department, allowing no action, and no other kind of token.
     */
    @Test
    void supportingOpinionTokensAreTheirOwnKindAndBoundToProposalAndDepartment() {
        String token = TOKENS.signSupportingOpinion("6741a3f2c9e77b1d2a5f0c11", "CLIMATE",
                Instant.ofEpochSecond(1798761600L));
        assertThat(token).isEqualTo("QHN1cHBvcnRpbmctb3Bpbmlvbnw2NzQxYTNmMmM5ZTc3YjFkMmE1ZjBjMTF8Q0xJTUFURXwxNzk4NzYxNjAw"
                + ".hxyibl_qTuopdzZYEhpNgnnEau3PH5vgPAiCglTj7rU");
        LinkTokens.Verification v = TOKENS.verifySupportingOpinion(token);
        assertThat(v.valid()).isTrue();
        assertThat(v.claims().proposalId()).isEqualTo("6741a3f2c9e77b1d2a5f0c11");
        assertThat(v.claims().departmentCode()).isEqualTo("CLIMATE");
        assertThat(v.claims().actions()).isEmpty();
        assertThat(TOKENS.verify(token).failure()).as("no department token").isEqualTo(LinkTokens.Failure.MALFORMED);
        assertThat(TOKENS.verifyDepartmentList(token).valid()).isFalse();
        String department = TOKENS.sign("6741a3f2c9e77b1d2a5f0c11", "CLIMATE", Duration.ofDays(1));
        assertThat(TOKENS.verifySupportingOpinion(department).failure()).isEqualTo(LinkTokens.Failure.MALFORMED);
        String list = TOKENS.signDepartmentList("CLIMATE", Instant.ofEpochSecond(1798761600L));
        assertThat(TOKENS.verifySupportingOpinion(list).failure()).isEqualTo(LinkTokens.Failure.MALFORMED);
        assertThat(TOKENS.verifySupportingOpinion(TOKENS.signSupportingOpinion("6741a3f2c9e77b1d2a5f0c11", "CLIMATE",
                NOW)).failure()).isEqualTo(LinkTokens.Failure.EXPIRED);
        assertThat(TOKENS.verifySupportingOpinion(token.substring(0, token.length() - 2) + "AA").failure())
                .isEqualTo(LinkTokens.Failure.BAD_SIGNATURE);
    }
}
