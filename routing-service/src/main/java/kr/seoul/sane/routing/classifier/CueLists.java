package kr.seoul.sane.routing.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts, for several lists of cue phrases at once, how many of each list's cues occur in a text (each cue counted
 * once however often it occurs, a cue listed twice counted twice: what {@code String.contains} per cue gives), in
 * one pass over the text: each position is compared only with the cues that start with its character.
 */
final class CueLists {

    /** Buckets of the first characters (their low bits). */
    private static final int SLOTS = 256;

    private final int lists;
    /** The cues sorted by slot of their first character; {@code slotStart[s]..slotStart[s + 1]} are slot s's. */
    private final char[][] cues;
    private final int[] listOf;
    private final int[] slotStart = new int[SLOTS + 1];

    CueLists(List<List<String>> cueLists) {
        this.lists = cueLists.size();
        List<char[]> all = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            slotStart[s] = all.size();
            for (int l = 0; l < lists; l++) {
                for (String cue : cueLists.get(l)) {
                    if (cue.isEmpty()) {
                        throw new IllegalArgumentException("empty cue");
                    }
                    if ((cue.charAt(0) & (SLOTS - 1)) == s) {
                        all.add(cue.toCharArray());
                        owner.add(l);
                    }
                }
            }
        }
        slotStart[SLOTS] = all.size();
        this.cues = all.toArray(new char[0][]);
        this.listOf = owner.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many cues of each list occur in {@code text[0..length)}, in the order of the lists. */
    int[] count(char[] text, int length) {
        boolean[] found = new boolean[cues.length];
        int[] counts = new int[lists];
        for (int i = 0; i < length; i++) {
            int slot = text[i] & (SLOTS - 1);
            for (int k = slotStart[slot]; k < slotStart[slot + 1]; k++) {
                if (!found[k] && occursAt(cues[k], text, length, i)) {
                    found[k] = true;
                    counts[listOf[k]]++;
                }
            }
        }
        return counts;
    }

    private static boolean occursAt(char[] cue, char[] text, int length, int at) {
        if (at + cue.length > length) {
            return false;
        }
        for (int j = 0; j < cue.length; j++) {
            if (text[at + j] != cue[j]) {
                return false;
            }
        }
        return true;
    }
}
