package kr.seoul.sane.proposal.erasure;

import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;

/**
 * The cipher of the erasure confirmation code in {@code proposal.erasure-requested}, keyed with the secret
 * notification-service shares for reading it: {@code platform.links.secret} ({@code PLATFORM_LINK_SECRET}).
 */
@Configuration(proxyBeanMethods = false)
class ErasureCodeConfig {

    private static final Logger log = LoggerFactory.getLogger(ErasureCodeConfig.class);

    @Bean
    ErasureCodeCipher erasureCodeCipher(@Value("${platform.links.secret:}") String secret) {
        if (secret == null || secret.isBlank()) {
            log.warn("PLATFORM_LINK_SECRET is not set: erasure confirmation codes are encrypted with a random key of "
                    + "this process only; notification-service cannot read them and mails no code");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return new ErasureCodeCipher(key);
        }
        return ErasureCodeCipher.of(secret);
    }
}
