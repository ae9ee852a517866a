package io.fmp.eval.datasets;

import java.util.List;
import java.util.Optional;

/**
 * What a stored dataset version holds, counted at registration, so suites can be checked against
 * it without reading the examples again.
 *
 * @param labels distinct labels, sorted; complete when {@code labelCount <= labels.size()}
 */
public record DatasetFacts(String id, String name, int version, List<SplitFacts> splits, List<String> labels,
                           int labelCount) {

    /** Counts of one split ("" for rows that name none). */
    public record SplitFacts(String name, long examples, long withLabel, long withReferences, long withChoices) {
    }

    public DatasetFacts {
        splits = List.copyOf(splits);
        labels = List.copyOf(labels);
    }

    public boolean labelsComplete() {
        return labelCount <= labels.size();
    }

    /** The counts of a split, or of all rows together for "". */
    public Optional<SplitFacts> split(String name) {
        if (name.isEmpty()) {
            long examples = 0, labelled = 0, references = 0, choices = 0;
            for (SplitFacts s : splits) {
                examples += s.examples();
                labelled += s.withLabel();
                references += s.withReferences();
                choices += s.withChoices();
            }
            return Optional.of(new SplitFacts("", examples, labelled, references, choices));
        }
        return splits.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<String> splitNames() {
        return splits.stream().map(SplitFacts::name).toList();
    }
}
