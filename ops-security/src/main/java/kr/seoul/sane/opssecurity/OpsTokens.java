package kr.seoul.sane.opssecurity;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The ops session token: a JWT (HS256) with the user name as subject and the claim {@code roles}, minted by
 * {@link NimbusJwtEncoder} and checked by {@link NimbusJwtDecoder} with the same key in every service. The key is
 * derived (HMAC-SHA256 with a fixed label) from {@code platform.ops.session-secret}, so a secret shared with
 * another purpose (the department links) is never used as it is.
 */
public final class OpsTokens {

    /** The {@code iss} of every token this module mints (and the only one its decoder accepts). */
    public static final String ISSUER = "sane-ops";
    public static final String ROLES_CLAIM = "roles";
    private static final Logger log = LoggerFactory.getLogger(OpsTokens.class);

    private final JwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final Duration lifetime;
    private final Clock clock;

    public OpsTokens(String secret, Duration lifetime, Clock clock) {
        SecretKey key = key(secret);
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(ISSUER)));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signed token for {@code user} with {@code roles} (without the {@code ROLE_} prefix). */
    public String mint(String user, Collection<String> roles) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(user).issuedAt(now)
                .expiresAt(now.plus(lifetime)).claim(ROLES_CLAIM, List.copyOf(roles)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    public JwtDecoder decoder() {
        return decoder;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** {@code roles: [OPERATOR, ADMIN]} → authorities {@code ROLE_OPERATOR}, {@code ROLE_ADMIN}. */
    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    /** The role names of a set of authorities ({@code ROLE_ADMIN} → {@code ADMIN}). */
    static List<String> roles(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length())).filter(OpsAccounts.ROLES::contains).sorted().toList();
    }

    private static SecretKey key(String secret) {
        byte[] material;
        if (secret == null || secret.isBlank()) {
            log.warn("PLATFORM_OPS_SECRET (and PLATFORM_LINK_SECRET) is not set: ops logins only last for this "
                    + "process and are not accepted by the other services");
            material = new byte[32];
            new SecureRandom().nextBytes(material);
        } else {
            material = secret.getBytes(StandardCharsets.UTF_8);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material, "HmacSHA256"));
            byte[] derived = mac.doFinal("sane-ops-session-v1".getBytes(StandardCharsets.US_ASCII));
            return new SecretKeySpec(derived, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
