package kr.seoul.sane.proposal.intake;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/**
 * 접수번호: {@code SN-XXXX-XXXX-XXXX} from an alphabet without look-alikes (no 0/O, 1/I/L), about 59 random bits,
 * so a code can be read over the phone and cannot be guessed.
 */
@Component
public class TrackingCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder code = new StringBuilder("SN");
        for (int group = 0; group < 3; group++) {
            code.append('-');
            for (int i = 0; i < 4; i++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return code.toString();
    }

    /** Upper-cases and drops spaces so a code typed by hand still matches. */
    public static String normalise(String code) {
        if (code == null) {
            return "";
        }
        return code.strip().toUpperCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
