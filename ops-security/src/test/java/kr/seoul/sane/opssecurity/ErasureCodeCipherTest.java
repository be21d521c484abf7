package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErasureCodeCipherTest {

    private static final String SECRET = "a-shared-platform-secret-of-more-than-32-bytes";
    private static final String PROPOSAL = "6741a3f2c9e77b1d2a5f0c11";
    private static final String EVENT = "8c0f3a52-5b1e-4c9d-9a43-2f6d1e7b9a10";

    private final ErasureCodeCipher cipher = ErasureCodeCipher.of(SECRET);

    @Test
    void theOtherServiceWithTheSameSecretReadsTheCodeAndTheCiphertextShowsNoDigitsOfIt() {
        String sealed = cipher.encrypt("073519", PROPOSAL, EVENT);
        assertThat(sealed).matches("^[A-Za-z0-9_-]{46}$").doesNotContain("073519");
        assertThat(ErasureCodeCipher.of(SECRET).decrypt(sealed, PROPOSAL, EVENT)).isEqualTo("073519");
        assertThat(cipher.encrypt("073519", PROPOSAL, EVENT)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aCiphertextMovedToAnotherEventOrProposalTamperedOrFromAnotherSecretIsRefused() {
        String sealed = cipher.encrypt("073519", PROPOSAL, EVENT);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "6741a3f2c9e77b1d2a5f0c12", EVENT))
                .isInstanceOf(ErasureCodeCipher.Unreadable.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, PROPOSAL, "8c0f3a52-5b1e-4c9d-9a43-2f6d1e7b9a11"))
                .isInstanceOf(ErasureCodeCipher.Unreadable.class);
        // the ids cannot trade characters between them
        assertThatThrownBy(() -> cipher.decrypt(sealed, PROPOSAL + "8", EVENT.substring(1)))
                .isInstanceOf(ErasureCodeCipher.Unreadable.class);
        byte[] bytes = Base64.getUrlDecoder().decode(sealed);
        bytes[20] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.decrypt(tampered, PROPOSAL, EVENT))
                .isInstanceOf(ErasureCodeCipher.Unreadable.class);
        assertThatThrownBy(() -> ErasureCodeCipher.of(SECRET + "x").decrypt(sealed, PROPOSAL, EVENT))
                .isInstanceOf(ErasureCodeCipher.Unreadable.class);
        for (String malformed : new String[] {null, "", "not base64!", "AAAA", "A".repeat(300)}) {
            assertThatThrownBy(() -> cipher.decrypt(malformed, PROPOSAL, EVENT))
                    .isInstanceOf(ErasureCodeCipher.Unreadable.class)
                    .hasMessageStartingWith("encrypted erasure code unreadable");
        }
    }

    @Test
    void theKeyDerivationIsRfc5869Hkdf() {
        // RFC 5869 test case 3 (SHA-256, empty salt, empty info): the first 32 bytes of its OKM
        byte[] ikm = HexFormat.of().parseHex("0b".repeat(22));
        assertThat(HexFormat.of().formatHex(ErasureCodeCipher.hkdf(ikm, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> ErasureCodeCipher.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErasureCodeCipher.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
