package io.fmp.catalog.sizing;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuFitEstimatorTest {

    // public architecture facts: Llama 3.1 8B and 70B use grouped-query attention with 8 KV heads of 128
    static final ModelShape LLAMA_8B = new ModelShape(8_030_000_000L, 32, 8, 128);
    static final ModelShape LLAMA_70B = new ModelShape(70_600_000_000L, 80, 8, 128);

    private static int gpus(FitEstimate estimate, String profile) {
        return estimate.options().stream().filter(o -> o.gpu().name().equals(profile)).findFirst().orElseThrow().gpuCount();
    }

    @Test
    void llama8bInFp16WithAn8kContextFitsOneL4ButNoSmallMigSlice() {
        FitEstimate fit = GpuFitEstimator.estimate(LLAMA_8B, Precision.FP16, 8192, 1);

        assertEquals(16.06, fit.weightsGb(), 1e-9);
        assertEquals(131_072.0 * 8192 / 1e9, fit.kvCacheGb(), 1e-9);
        assertEquals(0.1 * (fit.weightsGb() + fit.kvCacheGb()), fit.overheadGb(), 1e-9);
        assertEquals(18.848, fit.totalGb(), 1e-3);
        assertFalse(fit.kvCacheEstimated());
        assertEquals(1, gpus(fit, "L4-24GB"));
        assertEquals(0, gpus(fit, "H100-MIG-2g.20gb"), "18.85 GB exceeds 90 % of a 20 GB slice");
        assertEquals(1, gpus(fit, "H100-MIG-3g.40gb"));
    }

    @Test
    void int4QuantisationMovesLlama8bOntoTheSmallestSlice() {
        FitEstimate fit = GpuFitEstimator.estimate(LLAMA_8B, Precision.INT4, 8192, 1);
        assertEquals(4.015, fit.weightsGb(), 1e-9);
        assertEquals(1.0, fit.overheadGb(), 1e-9, "the minimum overhead applies to small deployments");
        assertEquals(1, gpus(fit, "H100-MIG-1g.10gb"));
    }

    @Test
    void llama70bInFp16NeedsTensorParallelism() {
        FitEstimate fit = GpuFitEstimator.estimate(LLAMA_70B, Precision.FP16, 8192, 1);
        assertEquals(158.27, fit.totalGb(), 0.01);
        assertEquals(4, gpus(fit, "H100-80GB"));
        assertEquals(2, gpus(fit, "H200-141GB"));
        assertEquals(8, gpus(fit, "L4-24GB"));
        assertEquals(0, gpus(fit, "H100-MIG-3g.40gb"), "slices are not combined");
        assertEquals(158.27 / 320, fit.options().stream().filter(o -> o.gpu().name().equals("H100-80GB"))
                .findFirst().orElseThrow().memoryUsedFraction(), 0.001);
    }

    @Test
    void batchAndContextScaleTheKvCacheLinearly() {
        double one = GpuFitEstimator.estimate(LLAMA_8B, Precision.FP16, 4096, 1).kvCacheGb();
        assertEquals(8 * one, GpuFitEstimator.estimate(LLAMA_8B, Precision.FP16, 8192, 4).kvCacheGb(), 1e-9);
    }

    @Test
    void anUnknownAttentionShapeIsEstimatedAndSaysSo() {
        FitEstimate fit = GpuFitEstimator.estimate(new ModelShape(8_000_000_000L, 0, 0, 0), Precision.FP16, 8192, 1);
        assertTrue(fit.kvCacheEstimated());
        assertEquals(16_384.0 * 8 * 8192 / 1e9, fit.kvCacheGb(), 1e-9);
        assertEquals(List.of("shape.parameterCount", "precision", "contextTokens", "batchSize"),
                assertThrows(InvalidInputException.class, () -> GpuFitEstimator.estimate(
                        new ModelShape(0, 32, 8, 128), null, 0, 0)).violations().stream()
                        .map(FieldViolation::field).toList());
    }
}
