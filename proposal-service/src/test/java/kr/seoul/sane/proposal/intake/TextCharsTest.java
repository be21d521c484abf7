package kr.seoul.sane.proposal.intake;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The character scans refuse exactly the characters of the rules' character classes, code point by code point. */
class TextCharsTest {

    private static final Pattern CONTROL =
            Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\t\\u0085\\u2028\\u2029]");
    private static final Pattern INVISIBLE = Pattern.compile(
            "[\\u200B\\u2060\\uFEFF\\u180E\\u200E\\u200F\\u061C\\u3164\\u115F\\u1160\\uFFA0\\x{E0000}-\\x{E007F}]");

    @Test
    void everyCodePointIsClassifiedLikeTheCharacterClasses() {
        List<String> differing = new ArrayList<>();
        for (int cp = 0; cp <= 0xE01FF; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue;
            }
            String text = "가" + new String(Character.toChars(cp)) + "나";
            if (TextChars.hasControl(text) != CONTROL.matcher(text).find()
                    || TextChars.hasLineBreak(text) != LINE_BREAK.matcher(text).find()
                    || TextChars.hasInvisible(text) != INVISIBLE.matcher(text).find()) {
                differing.add(String.format("U+%04X", cp));
            }
        }
        assertThat(differing).isEmpty();
    }

    @Test
    void zeroWidthJoinersAndEmojiSequencesStayAllowed() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertThat(TextChars.hasInvisible(family + "\u200C")).isFalse();
        assertThat(TextChars.hasControl(family)).isFalse();
    }
}
