package kr.seoul.sane.opssecurity;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a valid {@code SANE_OPS} token into the operator's authentication, checking the account on every request,
 * not only at login: a session of a console account counts only while the account is enabled and was issued after
 * its last disabling, with the account's current role. A session of a configured account keeps the roles it was
 * issued with (as does a token of another issuer, e.g. an identity provider's). A session of an account this
 * process does not know yet is refused until the account feed has replayed the topic.
 */
final class OpsSessionCheck implements Converter<Jwt, AbstractAuthenticationToken> {

    private final Converter<Jwt, AbstractAuthenticationToken> byClaims = OpsTokens.authenticationConverter();
    private final OpsUserDirectory directory;

    OpsSessionCheck(OpsUserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String user = jwt.getSubject();
        if (!OpsTokens.ISSUER.equals(jwt.getClaimAsString("iss")) || user == null || directory.configured(user)) {
            return byClaims.convert(jwt);
        }
        Optional<ManagedAccount> account = directory.managed().find(user);
        if (account.isEmpty()) {
            if (!directory.managed().ready()) {
                throw new InvalidBearerTokenException("the ops accounts are not loaded yet");
            }
            return byClaims.convert(jwt);
        }
        if (!account.get().acceptsSessionIssuedAt(jwt.getIssuedAt())) {
            throw new InvalidBearerTokenException("the ops account is disabled or the session was ended");
        }
        // the roles of now; the other authorities (e.g. the bearer factor) as the claims give them
        List<GrantedAuthority> authorities = new ArrayList<>(byClaims.convert(jwt).getAuthorities().stream()
                .filter(a -> !a.getAuthority().startsWith("ROLE_")).toList());
        account.get().roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        return new JwtAuthenticationToken(jwt, authorities, user);
    }
}
