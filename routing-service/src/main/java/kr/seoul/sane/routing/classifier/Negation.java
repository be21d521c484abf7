package kr.seoul.sane.routing.classifier;

/**
 * Blanks what a proposal says it is <em>not</em> about before its terms are read: the words just before 아니고 /
 * 아니라 / 아닌 (up to three words: "어르신만을 위한 사업이 아니고", "관광객 대상이 아니라") and before 말고 (up to two:
 * "전통시장 말고"), never across a clause boundary (. , ! ? : ; · / brackets, line break). "뿐(만) 아니라" (not only …
 * but also) is left alone. The blanked words become spaces, so the rest of the text keeps its offsets. A text without
 * any of the markers is returned as it is (one scan).
 */
final class Negation {

    /** Words blanked before 아니고 / 아니라 / 아닌. */
    static final int WORDS_BEFORE_NOT = 3;
    /** Words blanked before 말고. */
    static final int WORDS_BEFORE_RATHER_THAN = 2;

    private Negation() {
    }

    static String blankNegated(String text) {
        if (text == null || text.isEmpty() || !hasMarker(text)) {
            return text;
        }
        char[] out = text.toCharArray();
        for (int i = 0; i + 1 < text.length(); i++) {
            int words = markerAt(text, i);
            if (words > 0 && !notOnly(text, i)) {
                blankBefore(out, i, words);
            }
        }
        return new String(out);
    }

    private static boolean hasMarker(String text) {
        return text.indexOf("아니") >= 0 || text.indexOf("아닌") >= 0 || text.indexOf("말고") >= 0;
    }

    /** How many words to blank when a marker starts at {@code i} (a word of its own or a word's ending); else 0. */
    private static int markerAt(String text, int i) {
        char a = text.charAt(i);
        char b = text.charAt(i + 1);
        int words;
        int end;
        if (a == '아' && (b == '니') && i + 2 < text.length()
                && (text.charAt(i + 2) == '고' || text.charAt(i + 2) == '라')) {
            words = WORDS_BEFORE_NOT;
            end = i + 3;
        } else if (a == '아' && b == '닌') {
            words = WORDS_BEFORE_NOT;
            end = i + 2;
        } else if (a == '말' && b == '고') {
            words = WORDS_BEFORE_RATHER_THAN;
            end = i + 2;
        } else {
            return 0;
        }
        // the marker ends its word (아니라서, 아닌지, 말고기 … are other words)
        return end == text.length() || !isHangul(text.charAt(end)) ? words : 0;
    }

    /** "…뿐 아니라", "…뿐만 아니라": not only … but also, nothing is negated. */
    private static boolean notOnly(String text, int i) {
        int j = i - 1;
        while (j >= 0 && text.charAt(j) == ' ') {
            j--;
        }
        return (j >= 0 && text.charAt(j) == '뿐') || (j >= 1 && text.charAt(j) == '만' && text.charAt(j - 1) == '뿐');
    }

    /** Blanks up to {@code words} words before {@code i}, stopping at a clause boundary. */
    private static void blankBefore(char[] out, int i, int words) {
        int j = i - 1;
        int seen = 0;
        boolean inWord = false;
        while (j >= 0) {
            char c = out[j];
            if (isBoundary(c)) {
                break;
            }
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    seen++;
                    inWord = false;
                    if (seen == words) {
                        break;
                    }
                }
            } else {
                inWord = true;
                out[j] = ' ';
            }
            j--;
        }
    }

    private static boolean isBoundary(char c) {
        return switch (c) {
            case '.', ',', '!', '?', ':', ';', '·', '/', '(', ')', '[', ']', '\n', '\r', '"', '“', '”' -> true;
            default -> false;
        };
    }

    private static boolean isHangul(char c) {
        return c >= 0xAC00 && c <= 0xD7A3;
    }
}
