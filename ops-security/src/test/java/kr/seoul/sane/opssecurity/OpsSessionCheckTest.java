package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which sessions count: checked against the account on every request, not only at login. */
class OpsSessionCheckTest {

    static final Instant LOGIN = Instant.parse("2026-11-23T09:00:00Z");
    final ManagedAccounts managed = new ManagedAccounts();
    final OpsSessionCheck check = new OpsSessionCheck(new OpsUserDirectory(OpsAccounts.of(
            new OperatorAccount("ops", "ops-secret"), List.of(),
            PasswordEncoderFactories.createDelegatingPasswordEncoder()), managed));

    static Jwt token(String user, String issuer, String... roles) {
        return Jwt.withTokenValue("t").header("alg", "HS256").issuer(issuer).subject(user).issuedAt(LOGIN)
                .expiresAt(LOGIN.plusSeconds(3600)).claim(OpsTokens.ROLES_CLAIM, List.of(roles)).build();
    }

    static ManagedAccount account(String role, boolean enabled, long version, Instant sessionsValidFrom) {
        return new ManagedAccount("kim.minji", "김민지", role, "{bcrypt}$2a$10$x", enabled, version, sessionsValidFrom);
    }

    /** The roles a session gets (the bearer factor Spring Security adds to every token aside). */
    List<String> authorities(Jwt jwt) {
        return check.convert(jwt).getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).sorted().toList();
    }

    @Test
    void aConfiguredAccountKeepsItsClaimsEvenBeforeTheCopyIsReady() {
        assertThat(authorities(token("ops", OpsTokens.ISSUER, "OPERATOR", "ADMIN")))
                .containsExactly("ROLE_ADMIN", "ROLE_OPERATOR");
    }

    @Test
    void anUnknownAccountIsRefusedUntilTheTopicWasReplayed() {
        assertThatThrownBy(() -> check.convert(token("kim.minji", OpsTokens.ISSUER, "OPERATOR")))
                .isInstanceOf(InvalidBearerTokenException.class);
        managed.markReady();
        assertThat(authorities(token("kim.minji", OpsTokens.ISSUER, "OPERATOR"))).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void aConsoleAccountCountsWhileEnabledWithItsCurrentRole() {
        managed.apply(account("ADMIN", true, 1, null));
        assertThat(authorities(token("kim.minji", OpsTokens.ISSUER, "OPERATOR")))
                .containsExactly("ROLE_ADMIN", "ROLE_OPERATOR");
        managed.apply(account("ADMIN", false, 2, LOGIN.plusSeconds(60)));
        assertThatThrownBy(() -> check.convert(token("kim.minji", OpsTokens.ISSUER, "OPERATOR")))
                .isInstanceOf(InvalidBearerTokenException.class);
        // enabled again: the session from before the disabling stays ended, a later one counts
        managed.apply(account("OPERATOR", true, 3, LOGIN.plusSeconds(60)));
        assertThatThrownBy(() -> check.convert(token("kim.minji", OpsTokens.ISSUER, "OPERATOR")))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThat(account("OPERATOR", true, 3, LOGIN.plusSeconds(60)).acceptsSessionIssuedAt(LOGIN.plusSeconds(61)))
                .isTrue();
        assertThat(account("OPERATOR", true, 3, LOGIN.plusMillis(400)).acceptsSessionIssuedAt(LOGIN))
                .as("issued in the second of the disabling").isFalse();
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        assertThat(managed.apply(account("OPERATOR", false, 2, LOGIN))).isTrue();
        assertThat(managed.apply(account("OPERATOR", true, 1, null))).isFalse();
        assertThat(managed.apply(account("OPERATOR", true, 2, null))).isFalse();
        assertThat(managed.find("kim.minji").orElseThrow().enabled()).isFalse();
    }

    @Test
    void anotherIssuersTokenKeepsItsClaims() {
        managed.apply(account("OPERATOR", false, 2, LOGIN.plusSeconds(60)));
        assertThat(authorities(token("kim.minji", "https://idp.example", "OPERATOR"))).containsExactly("ROLE_OPERATOR");
    }
}
