package io.fmp.tuning.datasets;

import java.util.List;
import java.util.Map;

/**
 * An eval-service dataset version as tuning sees it: its content hash, splits and label count.
 *
 * @param splits examples per split ("" for rows that name none)
 */
public record DatasetSummary(String name, int version, String sha256, long examples, Map<String, Long> splits,
                             List<String> labels, int labelCount, long withReferences) {

    public DatasetSummary {
        splits = Map.copyOf(splits);
        labels = List.copyOf(labels);
    }

    public boolean labelled() {
        return labelCount > 0;
    }
}
