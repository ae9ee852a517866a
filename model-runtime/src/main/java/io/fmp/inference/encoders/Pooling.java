package io.fmp.inference.encoders;

/** How a sentence embedding is made from the encoder's token states. */
public enum Pooling {
    /** the mean over the text's tokens (special tokens included, padding excluded) */
    MEAN,
    /** the state of the first ([CLS]) token */
    CLS
}
