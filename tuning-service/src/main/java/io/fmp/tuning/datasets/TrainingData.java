package io.fmp.tuning.datasets;

import io.fmp.tuning.jobs.JobSpec;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The examples a job trains, validates and tests on: the dataset's own named splits (its
 * {@code test} split, when there is one and training does not use it, is the test set), or the
 * whole dataset split by the job's ratios and seed.
 */
public record TrainingData(List<TrainingExample> train, List<TrainingExample> validation,
                           List<TrainingExample> test) {

    public TrainingData {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** @param read the examples of a split ("" for the whole dataset), in dataset order */
    public static TrainingData of(JobSpec.Splits splits, Set<String> datasetSplits,
                                  Function<String, List<TrainingExample>> read) {
        if (!splits.named()) {
            Splitter.Split split = Splitter.split(read.apply(""), splits.trainRatio(), splits.validationRatio(),
                    splits.seed());
            return new TrainingData(split.train(), split.validation(), split.test());
        }
        String validation = splits.validationSplit();
        boolean testApart = datasetSplits.contains("test") && !"test".equals(splits.trainSplit())
                && !"test".equals(validation);
        return new TrainingData(read.apply(splits.trainSplit()),
                validation == null || validation.isEmpty() ? List.of() : read.apply(validation),
                testApart ? read.apply("test") : List.of());
    }

    public int size() {
        return train.size() + validation.size() + test.size();
    }
}
