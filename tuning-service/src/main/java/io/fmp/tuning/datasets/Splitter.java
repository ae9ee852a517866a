package io.fmp.tuning.datasets;

import io.fmp.platform.hashing.Sha256;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits examples into train / validation / test by ratios, stratified by label (each label split
 * in the same proportions) and deterministic: within a label, examples are ordered by SHA-256 of the
 * seed and their position, so the same seed gives the same split on any machine.
 */
public final class Splitter {

    public record Split(List<TrainingExample> train, List<TrainingExample> validation, List<TrainingExample> test) {
    }

    private Splitter() {
    }

    public static Split split(List<TrainingExample> examples, double trainRatio, double validationRatio, long seed) {
        Map<String, List<TrainingExample>> byLabel = new TreeMap<>();
        examples.forEach(e -> byLabel.computeIfAbsent(e.label() == null ? "" : e.label(), l -> new ArrayList<>()).add(e));
        List<TrainingExample> train = new ArrayList<>();
        List<TrainingExample> validation = new ArrayList<>();
        List<TrainingExample> test = new ArrayList<>();
        for (List<TrainingExample> group : byLabel.values()) {
            List<TrainingExample> ordered = new ArrayList<>(group);
            ordered.sort(Comparator.comparing((TrainingExample e) -> Sha256.hex(seed + "/" + e.ordinal())));
            int trainEnd = (int) Math.round(ordered.size() * trainRatio);
            int validationEnd = (int) Math.round(ordered.size() * (trainRatio + validationRatio));
            train.addAll(ordered.subList(0, trainEnd));
            validation.addAll(ordered.subList(trainEnd, Math.min(validationEnd, ordered.size())));
            test.addAll(ordered.subList(Math.min(validationEnd, ordered.size()), ordered.size()));
        }
        Comparator<TrainingExample> byOrdinal = Comparator.comparingInt(TrainingExample::ordinal);
        train.sort(byOrdinal);
        validation.sort(byOrdinal);
        test.sort(byOrdinal);
        return new Split(train, validation, test);
    }
}
