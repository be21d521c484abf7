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
 * department action; with it, only the listed ones. A department list token
 * ({@link #signDepartmentList}) binds a department alone and allows no action; a supporting department's opinion
 * token ({@link #signSupportingOpinion}) binds a proposal and a supporting department (협조부서) and allows no
 * action either. notification-service builds the
 * same tokens with the same secret ({@code PLATFORM_LINK_SECRET}).
 */
public final class LinkTokens {

    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
    private static final int MAX_TOKEN = 1024;
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern DEPARTMENT = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    private static final String ATTACHMENT = "attachment";
    private static final String DEPARTMENT_LIST = "@department-list";
    private static final String SUPPORTING_OPINION = "@supporting-opinion";
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

    /** What a valid token says; a department list token's claims have no proposal id and no action. */
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
        return signed(payload);
    }

    public Verification verify(String token) {
        Opened opened = open(token);
        if (opened.failure() != null) {
            return failed(opened.failure());
        }
        String[] parts = opened.parts();
        if (parts.length < 3 || parts.length > 4 || !ID.matcher(parts[0]).matches()
                || !DEPARTMENT.matcher(parts[1]).matches()) {
            return failed(Failure.MALFORMED);
        }
        Instant expires = epochSecond(parts[2]);
        Failure unusable = unusable(expires);
        if (unusable != null) {
            return failed(unusable);
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
        return signed(ATTACHMENT + "|" + attachmentId + "|" + expires.getEpochSecond());
    }

    /** True when {@code token} is a valid, unexpired download token of exactly {@code attachmentId}. */
    public boolean verifyAttachment(String token, String attachmentId) {
        Opened opened = open(token);
        if (opened.failure() != null || attachmentId == null) {
            return false;
        }
        String[] parts = opened.parts();
        if (parts.length != 3 || !ATTACHMENT.equals(parts[0]) || !parts[1].equals(attachmentId)) {
            return false;
        }
        Instant expires = epochSecond(parts[2]);
        return expires != null && clock.instant().isBefore(expires);
    }

    /**
     * A token for a department's list of its open proposals:
     * {@code payload = "@department-list" "|" departmentCode "|" expiresEpochSeconds}, signed like a department
     * token. The first part is no proposal id (an {@code @} never is), so neither kind verifies as the other.
     */
    public String signDepartmentList(String departmentCode, Instant expires) {
        if (!DEPARTMENT.matcher(departmentCode).matches()) {
            throw new IllegalArgumentException("department code not signable");
        }
        return signed(DEPARTMENT_LIST + "|" + departmentCode + "|" + expires.getEpochSecond());
    }

    /**
     * Verifies a department list token; the claims carry no proposal and allow no action (the list only shows).
     */
    public Verification verifyDepartmentList(String token) {
        Opened opened = open(token);
        if (opened.failure() != null) {
            return failed(opened.failure());
        }
        String[] parts = opened.parts();
        if (parts.length != 3 || !DEPARTMENT_LIST.equals(parts[0]) || !DEPARTMENT.matcher(parts[1]).matches()) {
            return failed(Failure.MALFORMED);
        }
        Instant expires = epochSecond(parts[2]);
        Failure unusable = unusable(expires);
        if (unusable != null) {
            return failed(unusable);
        }
        return new Verification(new Claims(null, parts[1], expires, Set.of()), null);
    }

    /**
     * A token for a supporting department's opinion page:
     * {@code payload = "@supporting-opinion" "|" proposalId "|" departmentCode "|" expiresEpochSeconds}, signed like a
     * department token; its first part keeps it apart from the other kinds (it allows no department action).
     */
    public String signSupportingOpinion(String proposalId, String departmentCode, Instant expires) {
        if (!ID.matcher(proposalId).matches() || !DEPARTMENT.matcher(departmentCode).matches()) {
            throw new IllegalArgumentException("proposal id or department code not signable");
        }
        return signed(SUPPORTING_OPINION + "|" + proposalId + "|" + departmentCode + "|" + expires.getEpochSecond());
    }

    /** Verifies a supporting department's opinion token; the claims allow no action. */
    public Verification verifySupportingOpinion(String token) {
        Opened opened = open(token);
        if (opened.failure() != null) {
            return failed(opened.failure());
        }
        String[] parts = opened.parts();
        if (parts.length != 4 || !SUPPORTING_OPINION.equals(parts[0]) || !ID.matcher(parts[1]).matches()
                || !DEPARTMENT.matcher(parts[2]).matches()) {
            return failed(Failure.MALFORMED);
        }
        Instant expires = epochSecond(parts[3]);
        Failure unusable = unusable(expires);
        if (unusable != null) {
            return failed(unusable);
        }
        return new Verification(new Claims(parts[1], parts[2], expires, Set.of()), null);
    }

    /** Why a token with this expiry cannot be used (no expiry: malformed; past: expired), or null. */
    private Failure unusable(Instant expires) {
        if (expires == null) {
            return Failure.MALFORMED;
        }
        return clock.instant().isBefore(expires) ? null : Failure.EXPIRED;
    }

    /** An expiry in epoch seconds, or null when it is none. */
    private static Instant epochSecond(String value) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String signed(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /** The parts of a token's payload once its signature checked out, or why not. */
    private record Opened(String[] parts, Failure failure) {
    }

    /** Splits and decodes a token and checks its signature before anything of the payload is trusted or parsed. */
    private Opened open(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return new Opened(null, Failure.MALFORMED);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
            return new Opened(null, Failure.MALFORMED);
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Opened(null, Failure.MALFORMED);
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return new Opened(null, Failure.BAD_SIGNATURE);
        }
        return new Opened(new String(payload, StandardCharsets.UTF_8).split("\\|", -1), null);
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
