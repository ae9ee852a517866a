package io.fmp.catalog.sizing;

/** Numeric precision of the served weights and what one parameter costs in memory. */
public enum Precision {
    FP16(2.0),
    INT8(1.0),
    INT4(0.5);

    public final double bytesPerParameter;

    Precision(double bytesPerParameter) {
        this.bytesPerParameter = bytesPerParameter;
    }
}
