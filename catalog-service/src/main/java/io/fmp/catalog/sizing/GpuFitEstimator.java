package io.fmp.catalog.sizing;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates serving memory: weights at a precision, plus the KV cache for a context length and
 * batch, plus runtime overhead; then how many GPUs of each profile hold it.
 */
public final class GpuFitEstimator {

    static final double GB = 1e9;
    /** Runtime overhead: CUDA context, activations, allocator fragmentation. */
    static final double OVERHEAD_FRACTION = 0.10;
    static final double OVERHEAD_MIN_GB = 1.0;
    /** Share of a GPU's memory a serving engine can use for weights and cache. */
    static final double USABLE_FRACTION = 0.90;
    static final int MAX_GPUS = 8;
    /** KV-cache bytes per token per billion parameters when the attention shape is unknown (Llama-like, GQA). */
    static final double KV_BYTES_PER_TOKEN_PER_BILLION = 16_384;

    private GpuFitEstimator() {
    }

    public static FitEstimate estimate(ModelShape shape, Precision precision, int contextTokens, int batchSize) {
        requireValid(shape, precision, contextTokens, batchSize);
        double weights = shape.parameterCount() * precision.bytesPerParameter / GB;
        double kvBytesPerToken = shape.knowsAttentionShape()
                // keys and values, per layer, per KV head, fp16
                ? 2.0 * shape.layers() * shape.kvHeads() * shape.headDim() * 2
                : KV_BYTES_PER_TOKEN_PER_BILLION * shape.parameterCount() / 1e9;
        double kvCache = kvBytesPerToken * contextTokens * batchSize / GB;
        double overhead = Math.max(OVERHEAD_MIN_GB, OVERHEAD_FRACTION * (weights + kvCache));
        double total = weights + kvCache + overhead;
        List<FitEstimate.Option> options = new ArrayList<>();
        for (GpuProfile gpu : GpuProfile.CATALOG) {
            int count = gpusNeeded(total, gpu);
            options.add(new FitEstimate.Option(gpu, count, count == 0 ? 0 : total / (count * gpu.memoryGb())));
        }
        return new FitEstimate(weights, kvCache, overhead, total, !shape.knowsAttentionShape(), options);
    }

    static void requireValid(ModelShape shape, Precision precision, int contextTokens, int batchSize) {
        List<FieldViolation> violations = new ArrayList<>();
        if (shape.parameterCount() < 1 || shape.parameterCount() > 10_000_000_000_000L) {
            violations.add(new FieldViolation("shape.parameterCount", "must be between 1 and 10^13, was " + shape.parameterCount()));
        }
        if (shape.layers() < 0 || shape.kvHeads() < 0 || shape.headDim() < 0) {
            violations.add(new FieldViolation("shape", "layers, kvHeads and headDim must not be negative (0 = unknown)"));
        }
        if (precision == null) {
            violations.add(new FieldViolation("precision", "is required: FP16, INT8 or INT4"));
        }
        if (contextTokens < 1 || contextTokens > 10_000_000) {
            violations.add(new FieldViolation("contextTokens", "must be between 1 and 10000000, was " + contextTokens));
        }
        if (batchSize < 1 || batchSize > 4096) {
            violations.add(new FieldViolation("batchSize", "must be between 1 and 4096, was " + batchSize));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /** Smallest power of two of GPUs whose usable memory holds the total; MIG slices are not combined. */
    static int gpusNeeded(double totalGb, GpuProfile gpu) {
        int maxCount = gpu.migSlice() ? 1 : MAX_GPUS;
        for (int count = 1; count <= maxCount; count *= 2) {
            if (totalGb <= count * gpu.memoryGb() * USABLE_FRACTION) {
                return count;
            }
        }
        return 0;
    }
}
