package kr.seoul.sane.proposal.links;

import kr.seoul.sane.proposal.lifecycle.Action;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signed department links (no login): a token binds one proposal to one department until an expiry.
 * <pre>
 * payload = proposalId "|" departmentCode "|" expiresEpochSeconds [ "|" ACTION ("," ACTION)* ]
 * token   = base64url(UTF-8 payload) "." base64url(HMAC-SHA256(key = UTF-8 secret, message = UTF-8 payload))
 * </pre>
 * base64url without padding (padding is accepted when reading). Without the fourth part the token allows every
 * department action; with it, only the listed ones. notification-service builds the same tokens with the same
 * secret ({@code PLATFORM_LINK_SECRET}).
 */
public final class LinkTokens {

    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
    private static final int MAX_TOKEN = 1024;
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern DEPARTMENT = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    private static final String ATTACHMENT = "attachment";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    public LinkTokens(byte[] secret, Clock clock) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("empty link secret");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** What a valid token says. */
    public record Claims(String proposalId, String departmentCode, Instant expires, Set<Action> actions) {

        public boolean allows(Action action) {
            return actions.contains(action);
        }
    }

    /** Why a token was refused. */
    public enum Failure { MALFORMED, BAD_SIGNATURE, EXPIRED }

    /** Either claims or a failure. */
    public record Verification(Claims claims, Failure failure) {

        public boolean valid() {
            return claims != null;
        }
    }

    /** A token for every department action, valid for {@code validity} from now. */
    public String sign(String proposalId, String departmentCode, Duration validity) {
        return sign(proposalId, departmentCode, clock.instant().plus(validity), null);
    }

    /** @param actions null or empty = every department action */
    public String sign(String proposalId, String departmentCode, Instant expires, Set<Action> actions) {
        if (!ID.matcher(proposalId).matches() || !DEPARTMENT.matcher(departmentCode).matches()) {
            throw new IllegalArgumentException("proposal id or department code not signable");
        }
        String payload = proposalId + "|" + departmentCode + "|" + expires.getEpochSecond();
        if (actions != null && !actions.isEmpty()) {
            payload += "|" + actions.stream().map(Action::name).sorted().collect(Collectors.joining(","));
        }
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    public Verification verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return failed(Failure.MALFORMED);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
            return failed(Failure.MALFORMED);
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return failed(Failure.MALFORMED);
        }
        // the signature first: nothing of an unsigned payload is trusted or even parsed
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return failed(Failure.BAD_SIGNATURE);
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length < 3 || parts.length > 4 || !ID.matcher(parts[0]).matches()
                || !DEPARTMENT.matcher(parts[1]).matches()) {
            return failed(Failure.MALFORMED);
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            return failed(Failure.MALFORMED);
        }
        if (!clock.instant().isBefore(expires)) {
            return failed(Failure.EXPIRED);
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (parts.length == 4 && !parts[3].isEmpty()) {
            for (String name : parts[3].split(",")) {
                Action a = Action.parse(name);
                if (a != null && Action.DEPARTMENT_ACTIONS.contains(a)) {
                    actions.add(a);
                }
            }
            if (actions.isEmpty()) {
                return failed(Failure.MALFORMED);
            }
        } else {
            actions.addAll(Action.DEPARTMENT_ACTIONS);
        }
        return new Verification(new Claims(parts[0], parts[1], expires, Set.copyOf(actions)), null);
    }

    /**
     * A download token for one attachment: {@code payload = "attachment" "|" attachmentId "|" expiresEpochSeconds},
     * signed like a department token. The literal first part keeps the two kinds apart: neither verifies as the other.
     */
    public String signAttachment(String attachmentId, Instant expires) {
        if (!ID.matcher(attachmentId).matches()) {
            throw new IllegalArgumentException("attachment id not signable");
        }
        byte[] bytes = (ATTACHMENT + "|" + attachmentId + "|" + expires.getEpochSecond()).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /** True when {@code token} is a valid, unexpired download token of exactly {@code attachmentId}. */
    public boolean verifyAttachment(String token, String attachmentId) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN || attachmentId == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
            return false;
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return false;
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3 || !ATTACHMENT.equals(parts[0]) || !parts[1].equals(attachmentId)) {
            return false;
        }
        try {
            return clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Verification failed(Failure failure) {
        return new Verification(null, failure);
    }
}
