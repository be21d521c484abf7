package kr.seoul.sane.routing.classifier;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonsTest {

    @Test
    void strongestKeysAreWhatAStableSortByDescendingValueKeeps() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Map<String, Double> values = new LinkedHashMap<>();
            int size = random.nextInt(12);
            for (int i = 0; i < size; i++) {
                // few distinct values, so ties are common
                values.put("t" + i, (double) random.nextInt(4));
            }
            List<String> sorted = values.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(5).map(Map.Entry::getKey).toList();
            assertThat(Reasons.strongest(values, 5)).as("values %s", values).isEqualTo(sorted);
        }
    }

    @Test
    void strongestOfNothingIsEmpty() {
        assertThat(Reasons.strongest(Map.of(), 5)).isEmpty();
    }
}
