package io.fmp.catalog.selection;

/** How much the provider discloses about the training data. */
public enum TrainingDataTransparency {
    NONE(0.0), SUMMARY(0.5), FULL(1.0);

    /** Contribution to the safety score: more disclosure, less legal and bias risk. */
    final double score;

    TrainingDataTransparency(double score) {
        this.score = score;
    }
}
