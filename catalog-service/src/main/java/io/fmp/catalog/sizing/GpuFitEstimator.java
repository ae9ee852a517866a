package io.fmp.catalog.sizing;

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
        if (shape.parameterCount() <= 0 || contextTokens <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("parameter count, context and batch size must be positive");
        }
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
