package kr.seoul.sane.proposal.intake;

/**
 * The character classes the submission rules refuse, checked by one scan over the text (no regular expression
 * per field and rule).
 */
final class TextChars {

    private TextChars() {
    }

    /**
     * Control characters other than tab and line breaks (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+007F) and
     * the Unicode bidi overrides and isolates used to disguise text (U+202A–U+202E, U+2066–U+2069).
     */
    static boolean hasControl(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (isControl(v.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Line breaks of any kind (CR, LF, NEL, the Unicode line and paragraph separators) and tabs. */
    static boolean hasLineBreak(String v) {
        for (int i = 0; i < v.length(); i++) {
            switch (v.charAt(i)) {
                case '\r', '\n', '\t', '\u0085', '\u2028', '\u2029' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * Invisible characters that only serve to disguise text: zero-width space, word joiner, BOM, Mongolian vowel
     * separator, the bidi marks (LRM, RLM, ALM), the Hangul fillers (U+3164, U+115F, U+1160, U+FFA0) and the
     * Unicode tag characters (U+E0000–U+E007F). ZWJ and ZWNJ are not among them.
     */
    static boolean hasInvisible(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\u200B', '\u2060', '\uFEFF', '\u180E', '\u200E', '\u200F', '\u061C', '\u3164', '\u115F',
                     '\u1160', '\uFFA0' -> {
                    return true;
                }
                default -> {
                    // a tag character is the surrogate pair U+DB40 U+DC00–U+DC7F
                    if (c == '\uDB40' && i + 1 < v.length()) {
                        char low = v.charAt(i + 1);
                        if (low >= '\uDC00' && low <= '\uDC7F') {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        if (c < 0x20) {
            return c != '\t' && c != '\n' && c != '\r';
        }
        return c == 0x7F || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
