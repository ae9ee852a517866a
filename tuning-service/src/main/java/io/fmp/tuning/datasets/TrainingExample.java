package io.fmp.tuning.datasets;

import java.util.List;
import java.util.Map;

/** One row of a training dataset as eval-service stores it. */
public record TrainingExample(int ordinal, String split, String input, List<String> references, String label,
                              Map<String, String> metadata) {

    public TrainingExample {
        references = List.copyOf(references);
        metadata = Map.copyOf(metadata);
    }
}
