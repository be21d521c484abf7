package kr.seoul.sane.proposal.links;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

/** The department link signer, keyed with {@code platform.links.secret} ({@code PLATFORM_LINK_SECRET}). */
@Configuration(proxyBeanMethods = false)
class LinkConfig {

    private static final Logger log = LoggerFactory.getLogger(LinkConfig.class);

    @Bean
    LinkTokens linkTokens(@Value("${platform.links.secret:}") String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            log.warn("PLATFORM_LINK_SECRET is not set: department links are signed with a random key of this "
                    + "process only; links mailed by notification-service will be refused");
            return new LinkTokens(random, clock);
        }
        if (secret.length() < 32) {
            log.warn("PLATFORM_LINK_SECRET is shorter than 32 characters; use a longer random value");
        }
        return new LinkTokens(secret.getBytes(StandardCharsets.UTF_8), clock);
    }
}
