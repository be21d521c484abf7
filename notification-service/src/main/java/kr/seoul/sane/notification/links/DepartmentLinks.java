package kr.seoul.sane.notification.links;

import kr.seoul.sane.notification.config.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

/**
 * Signed one-click links to proposal-service's department page, in the format proposal-service verifies:
 * {@code payload = proposalId|departmentCode|expiresEpochSeconds[|ACTION,ACTION]},
 * {@code token = base64url(payload) "." base64url(HMAC-SHA256(PLATFORM_LINK_SECRET, payload))}, no padding.
 * A department's list of its open proposals has its own kind of token bound to the department alone:
 * {@code payload = @department-list|departmentCode|expiresEpochSeconds}. A supporting department's (협조부서) opinion
 * page has a third kind, bound to the proposal and that department, that allows no action:
 * {@code payload = @supporting-opinion|proposalId|departmentCode|expiresEpochSeconds}.
 * Without a secret no links are built (proposal-service would refuse them) and a warning is logged.
 */
@Component
public class DepartmentLinks {

    private static final Logger log = LoggerFactory.getLogger(DepartmentLinks.class);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** The first part of a list token: never a proposal id, so proposal-service tells the kinds apart. */
    private static final String DEPARTMENT_LIST = "@department-list";
    /** The first part of a supporting department's opinion token. */
    private static final String SUPPORTING_OPINION = "@supporting-opinion";

    private final byte[] key;
    private final String publicBaseUrl;
    private final Duration validity;
    private final Duration listValidity;
    private final ThreadLocal<Mac> macs;

    @Autowired
    public DepartmentLinks(NotificationProperties properties) {
        this(properties.links().secret(), properties.publicBaseUrl(), properties.links().validity(),
                properties.links().listValidity());
    }

    /** Department list links are valid as long as the department page links. */
    public DepartmentLinks(String secret, String publicBaseUrl, Duration validity) {
        this(secret, publicBaseUrl, validity, validity);
    }

    public DepartmentLinks(String secret, String publicBaseUrl, Duration validity, Duration listValidity) {
        this.key = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.publicBaseUrl = stripTrailingSlash(publicBaseUrl);
        this.validity = validity;
        this.listValidity = listValidity;
        this.macs = ThreadLocal.withInitial(this::newMac);
        if (key == null) {
            log.warn("PLATFORM_LINK_SECRET (sane.notification.links.secret) is not set: department mails go out "
                    + "without one-click action links. Set the same value as proposal-service's.");
        }
    }

    public boolean enabled() {
        return key != null;
    }

    /**
     * The department page link, valid {@code validity} from {@code now}; empty without a secret.
     */
    public Optional<Link> departmentPage(String proposalId, String departmentCode, Instant now) {
        if (key == null || proposalId == null || departmentCode == null) {
            return Optional.empty();
        }
        Instant expires = now.plus(validity);
        String token = token(proposalId, departmentCode, expires.getEpochSecond(), null);
        return Optional.of(new Link(publicBaseUrl + "/department/proposals/"
                + URLEncoder.encode(proposalId, StandardCharsets.UTF_8) + "?token=" + token, expires));
    }

    /**
     * The link to the department's list of its open proposals, valid {@code listValidity} from {@code now}; empty
     * without a secret.
     */
    public Optional<Link> departmentList(String departmentCode, Instant now) {
        if (key == null || departmentCode == null) {
            return Optional.empty();
        }
        Instant expires = now.plus(listValidity);
        String token = sign(DEPARTMENT_LIST + "|" + departmentCode + "|" + expires.getEpochSecond());
        return Optional.of(new Link(publicBaseUrl + "/department/proposals?department="
                + URLEncoder.encode(departmentCode, StandardCharsets.UTF_8) + "&token=" + token, expires));
    }

    /**
     * The link to the page where the supporting department {@code departmentCode} gives its opinion on the proposal,
     * valid {@code validity} from {@code now}; empty without a secret.
     */
    public Optional<Link> supportingOpinion(String proposalId, String departmentCode, Instant now) {
        if (key == null || proposalId == null || departmentCode == null) {
            return Optional.empty();
        }
        Instant expires = now.plus(validity);
        String token = sign(SUPPORTING_OPINION + "|" + proposalId + "|" + departmentCode + "|"
                + expires.getEpochSecond());
        return Optional.of(new Link(publicBaseUrl + "/department/proposals/"
                + URLEncoder.encode(proposalId, StandardCharsets.UTF_8) + "/opinion?token=" + token, expires));
    }

    /** The token itself; {@code actions} null or empty = every department action. */
    public String token(String proposalId, String departmentCode, long expiresEpochSeconds,
                        Collection<String> actions) {
        StringBuilder payload = new StringBuilder(proposalId).append('|').append(departmentCode).append('|')
                .append(expiresEpochSeconds);
        if (actions != null && !actions.isEmpty()) {
            payload.append('|').append(String.join(",", actions));
        }
        return sign(payload.toString());
    }

    private String sign(String payload) {
        if (key == null) {
            throw new IllegalStateException("no link secret configured");
        }
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Mac mac = macs.get();
        byte[] signature = mac.doFinal(bytes);
        return BASE64URL.encodeToString(bytes) + "." + BASE64URL.encodeToString(signature);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String stripTrailingSlash(String url) {
        String value = url == null ? "" : url.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /** A link and when it stops working. */
    public record Link(String url, Instant expiresAt) {
    }
}
