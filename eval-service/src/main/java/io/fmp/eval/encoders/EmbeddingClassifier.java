package io.fmp.eval.encoders;

/** Picks a label for a unit-length sentence embedding. */
public interface EmbeddingClassifier {

    String label(float[] embedding);

    /** What decides the labels besides the encoder (descriptions, head weights): part of cache keys. */
    String digest();
}
