package io.fmp.inference.heads;

/** Picks a label for a unit-length sentence embedding. */
public interface EmbeddingClassifier {

    String label(float[] embedding);
}
