package kr.seoul.sane.opssecurity;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The erasure confirmation code as it travels in {@code proposal.erasure-requested}: encrypted by proposal-service,
 * decrypted by notification-service right before it composes the mail, so Kafka, dead-letter topics and the ops
 * dead-letter pages never hold the plaintext.
 * <pre>
 * key           = HKDF-SHA256(ikm = UTF-8 PLATFORM_LINK_SECRET, salt = none, info = {@value #LABEL}, 32 bytes)
 * associated    = u16 length + UTF-8 proposalId + u16 length + UTF-8 eventId
 * encryptedCode = base64url(nonce (12 random bytes) + AES-256-GCM(key, nonce, associated, UTF-8 code) + tag)
 * </pre>
 * base64url without padding. The associated data binds a ciphertext to its event: copied into another event or
 * another proposal's event it no longer decrypts.
 */
public final class ErasureCodeCipher {

    /** HKDF info: a key for this purpose only, independent of the link signatures made with the same secret. */
    public static final String LABEL = "sane/erasure-code/v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_ENCODED = 256;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param secret the shared platform secret (the bytes of {@code PLATFORM_LINK_SECRET}), not empty */
    public ErasureCodeCipher(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("empty secret");
        }
        this.key = new SecretKeySpec(hkdf(secret, LABEL.getBytes(StandardCharsets.UTF_8)), "AES");
    }

    /** The cipher of the UTF-8 bytes of {@code secret}. */
    public static ErasureCodeCipher of(String secret) {
        return new ErasureCodeCipher(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code code} encrypted for the event {@code eventId} of proposal {@code proposalId}, with a fresh nonce. */
    public String encrypt(String code, String proposalId, String eventId) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, proposalId, eventId);
            byte[] sealed = cipher.doFinal(code.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The code inside {@code encryptedCode}.
     *
     * @throws Unreadable when it is malformed, was tampered with, made with another key or for another event
     */
    public String decrypt(String encryptedCode, String proposalId, String eventId) {
        if (encryptedCode == null || encryptedCode.length() > MAX_ENCODED || proposalId == null || eventId == null) {
            throw new Unreadable("missing or oversized");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(encryptedCode);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("not base64url");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unreadable("too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), proposalId, eventId);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new Unreadable("authentication failed (tampered, another key or another event)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String proposalId, String eventId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associated(proposalId, eventId));
        return cipher;
    }

    /** Length-prefixed, so that no two (proposal id, event id) pairs give the same bytes. */
    private static byte[] associated(String proposalId, String eventId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {proposalId, eventId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0xFFFF) {
                throw new Unreadable("id too long");
            }
            out.write(bytes.length >>> 8);
            out.write(bytes.length & 0xFF);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** RFC 5869 with an empty salt and one block of output (32 bytes); Java 21 has no KDF API yet. */
    static byte[] hkdf(byte[] secret, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(secret);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The encrypted code cannot be read: the event carrying it is not to be trusted. */
    public static final class Unreadable extends IllegalArgumentException {
        Unreadable(String reason) {
            super("encrypted erasure code unreadable: " + reason);
        }
    }
}
