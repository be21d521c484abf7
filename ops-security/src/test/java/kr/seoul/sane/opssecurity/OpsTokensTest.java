package kr.seoul.sane.opssecurity;

import kr.seoul.sane.opssecurity.time.FixedDates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsTokensTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-20T09:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void aMintedTokenCarriesTheUserAndRolesAndIsAcceptedWithTheSameSecret(FixedDates day) {
        Clock now = day.clock();
        String token = new OpsTokens("shared-secret", Duration.ofHours(8), now).mint("ops", List.of("ADMIN", "OPERATOR"));
        Jwt jwt = new OpsTokens("shared-secret", Duration.ofHours(8), now).decoder().decode(token);
        assertThat(jwt.getSubject()).isEqualTo("ops");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN", "OPERATOR");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("sane-ops");
        assertThat(jwt.getExpiresAt()).isEqualTo(now.instant().plus(Duration.ofHours(8)));
        assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
        assertThat(OpsTokens.authenticationConverter().convert(jwt).getAuthorities())
                .extracting(GrantedAuthority::getAuthority).filteredOn(a -> a.startsWith("ROLE_"))
                .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_OPERATOR");
    }

    /** Eight hours from 10:00 in Seoul, on each kind of day. */
    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void anExpiredTokenIsRefused(FixedDates day) {
        Clock now = day.clock();
        String token = new OpsTokens("shared-secret", Duration.ofHours(8), now).mint("ops", List.of("OPERATOR"));
        Clock later = Clock.offset(now, Duration.ofHours(8).plusMinutes(1));
        assertThatThrownBy(() -> new OpsTokens("shared-secret", Duration.ofHours(8), later).decoder().decode(token))
                .isInstanceOf(JwtException.class).hasMessageContaining("expired");
        Clock justBefore = Clock.offset(now, Duration.ofHours(7).plusMinutes(59));
        assertThat(new OpsTokens("shared-secret", Duration.ofHours(8), justBefore).decoder().decode(token).getSubject())
                .isEqualTo("ops");
    }

    @Test
    void aTokenOfAnotherSecretOrWithChangedClaimsIsRefused() {
        OpsTokens tokens = new OpsTokens("shared-secret", Duration.ofHours(8), NOW);
        String token = tokens.mint("ops", List.of("OPERATOR"));
        assertThatThrownBy(() -> new OpsTokens("other-secret", Duration.ofHours(8), NOW).decoder().decode(token))
                .isInstanceOf(JwtException.class);

        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = claims.replace("\"OPERATOR\"", "\"ADMIN\"");
        assertThat(forged).isNotEqualTo(claims);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> tokens.decoder().decode(tampered)).isInstanceOf(JwtException.class);
        String unsigned = parts[0].replace(parts[0], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))) + "." + parts[1] + ".";
        assertThatThrownBy(() -> tokens.decoder().decode(unsigned)).isInstanceOf(JwtException.class);
    }

    @Test
    void withoutASecretEachProcessHasItsOwnKey() {
        String token = new OpsTokens("", Duration.ofHours(8), NOW).mint("ops", List.of("OPERATOR"));
        assertThatThrownBy(() -> new OpsTokens("", Duration.ofHours(8), NOW).decoder().decode(token))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void rolesKeepOnlyTheOpsRoles() {
        assertThat(OpsTokens.roles(List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"),
                new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_OTHER"),
                new SimpleGrantedAuthority("SCOPE_x")))).containsExactly("ADMIN", "OPERATOR");
    }
}
