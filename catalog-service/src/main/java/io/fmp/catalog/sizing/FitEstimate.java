package io.fmp.catalog.sizing;

import java.util.List;

/**
 * Memory a deployment needs and where it fits.
 *
 * @param options one entry per GPU profile: how many are needed (0 = does not fit on up to 8)
 */
public record FitEstimate(double weightsGb, double kvCacheGb, double overheadGb, double totalGb,
                          boolean kvCacheEstimated, List<Option> options) {

    /** @param gpuCount GPUs (tensor-parallel, a power of two) needed, 0 if more than 8 would be */
    public record Option(GpuProfile gpu, int gpuCount, double memoryUsedFraction) {

        public boolean fits() {
            return gpuCount > 0;
        }
    }
}
