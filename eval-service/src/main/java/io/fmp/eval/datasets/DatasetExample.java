package io.fmp.eval.datasets;

import java.util.List;
import java.util.Map;

/**
 * One example of an evaluation dataset.
 *
 * @param line       where the example starts in its file (1-based)
 * @param split      the split the row names ({@code train}, {@code validation}, {@code test}, ...); "" when none
 * @param references expected outputs (generation, extraction); empty when the dataset has labels
 * @param label      expected class (classification) or choice (multiple choice); null otherwise
 * @param choices    the options of a multiple-choice question; empty otherwise
 * @param metadata   any other fields, as text
 */
public record DatasetExample(long line, String split, String input, List<String> references, String label, List<String> choices,
                             Map<String, String> metadata) {

    public DatasetExample {
        split = split == null ? "" : split;
        references = List.copyOf(references);
        choices = List.copyOf(choices);
        metadata = Map.copyOf(metadata);
    }
}
