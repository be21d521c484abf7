package kr.seoul.sane.proposal.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The scans accept exactly what Spring Security's default patterns accept, code point by code point. */
class FirewallCharactersTest {

    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedLikeTheDefaultPatterns() {
        List<String> differing = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String text = "a" + new String(Character.toChars(cp)) + "b";
            if (FirewallCharacters.assignedAndNotControl(text) != NAMES.matcher(text).matches()
                    || FirewallCharacters.headerValue(text) != VALUES.matcher(text).matches()) {
                differing.add(String.format("U+%04X", cp));
            }
        }
        assertThat(differing).isEmpty();
        assertThat(FirewallCharacters.headerValue("")).isTrue();
        assertThat(FirewallCharacters.headerValue("text/html;\tq=0.9")).isTrue();
        assertThat(FirewallCharacters.assignedAndNotControl("a\tb")).isFalse();
    }
}
