package kr.seoul.sane.notification.event;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.UnreadableEventException;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.opssecurity.ErasureCodeCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * Reads the erasure confirmation code that proposal-service encrypted into {@code proposal.erasure-requested}
 * ({@link ErasureCodeCipher}, keyed with {@code PLATFORM_LINK_SECRET}). A code that does not decrypt for its own
 * event is an invalid event: it goes to the dead letters and nothing is mailed. The plaintext is never logged.
 */
@Component
public class ErasureCodes {

    private static final Logger log = LoggerFactory.getLogger(ErasureCodes.class);
    private static final Pattern CODE = Pattern.compile("^[0-9]{6}$");

    private final ErasureCodeCipher cipher;

    public ErasureCodes(NotificationProperties properties) {
        String secret = properties.links().secret();
        this.cipher = secret == null || secret.isBlank() ? null : ErasureCodeCipher.of(secret);
        if (cipher == null) {
            log.warn("PLATFORM_LINK_SECRET (sane.notification.links.secret) is not set: erasure confirmation codes "
                    + "cannot be decrypted and their events go to the dead letters. Set the same value as "
                    + "proposal-service's.");
        }
    }

    /** The plaintext code of {@code request}, the payload of {@code event}; only to be put into the mail. */
    public String code(Envelope<JsonNode> event, ProposalErasureRequested request) {
        if (cipher == null) {
            throw new UnreadableEventException("proposal.erasure-requested " + event.eventId()
                    + ": no PLATFORM_LINK_SECRET to decrypt its code");
        }
        String code;
        try {
            code = cipher.decrypt(request.encryptedCode(), event.proposalId(), event.eventId());
        } catch (ErasureCodeCipher.Unreadable e) {
            throw new UnreadableEventException("proposal.erasure-requested " + event.eventId() + " of proposal "
                    + event.proposalId() + ": " + e.getMessage());
        }
        if (!CODE.matcher(code).matches()) {
            throw new UnreadableEventException("proposal.erasure-requested " + event.eventId()
                    + ": the decrypted code is not 6 digits");
        }
        return code;
    }
}
