package io.fmp.tuning.datasets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitterTest {

    private static List<TrainingExample> examples() {
        List<TrainingExample> examples = new ArrayList<>();
        // an unbalanced label set: 100 a, 30 b, 10 c
        for (int i = 0; i < 140; i++) {
            String label = i < 100 ? "a" : i < 130 ? "b" : "c";
            examples.add(new TrainingExample(i + 1, "", "text " + i, List.of(), label, Map.of()));
        }
        return examples;
    }

    private static Map<String, Long> byLabel(List<TrainingExample> examples) {
        return examples.stream().collect(Collectors.groupingBy(TrainingExample::label, Collectors.counting()));
    }

    @Test
    void eachLabelIsSplitInTheSameProportionsAndNoExampleIsInTwoSplits() {
        Splitter.Split split = Splitter.split(examples(), 0.8, 0.1, 42);

        assertEquals(Map.of("a", 80L, "b", 24L, "c", 8L), byLabel(split.train()));
        assertEquals(Map.of("a", 10L, "b", 3L, "c", 1L), byLabel(split.validation()));
        assertEquals(Map.of("a", 10L, "b", 3L, "c", 1L), byLabel(split.test()));
        Set<Integer> seen = new HashSet<>();
        for (List<TrainingExample> part : List.of(split.train(), split.validation(), split.test())) {
            part.forEach(e -> assertTrue(seen.add(e.ordinal()), "ordinal " + e.ordinal() + " twice"));
        }
        assertEquals(140, seen.size());
    }

    @Test
    void theSeedDecidesTheSplitAndTheSameSeedAlwaysGivesTheSameOne() {
        List<Integer> first = Splitter.split(examples(), 0.8, 0.1, 42).test().stream().map(TrainingExample::ordinal).toList();
        List<Integer> again = Splitter.split(examples(), 0.8, 0.1, 42).test().stream().map(TrainingExample::ordinal).toList();
        List<Integer> other = Splitter.split(examples(), 0.8, 0.1, 43).test().stream().map(TrainingExample::ordinal).toList();

        assertEquals(first, again);
        assertNotEquals(first, other);
    }
}
