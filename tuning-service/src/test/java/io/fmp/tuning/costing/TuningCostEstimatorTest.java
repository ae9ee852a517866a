package io.fmp.tuning.costing;

import io.fmp.tuning.jobs.ExecutorKind;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.TuningMethod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TuningCostEstimatorTest {

    static JobSpec spec(TuningMethod method, ExecutorKind executor, JobSpec.Gpu gpu, int gpus) {
        return new JobSpec(new JobSpec.Base("b", "m", "1", "p", "apache-2.0", 8_000_000_000L, 8192, null, "o/m"), method,
                new JobSpec.DatasetRef("d", 1), new JobSpec.Splits("train", "", 0, 0, 0, 42),
                new JobSpec.Hyperparameters(1e-4, 2, 4, 1, 1024, 0, 0, 0, 42), null,
                new JobSpec.EarlyStopping(0, "eval_loss", 0, false), new JobSpec.Resources(gpus, gpu, null, null), executor,
                null, 0, null, "o");
    }

    static final TuningCostEstimator.Prices PRICES = new TuningCostEstimator.Prices(0.05, 15, 1.2, 400, 250, 4e9);

    @Test
    void aLoraJobCostsItsTrainingFlopsOnItsGpus() {
        JobSpec.Gpu h100 = new JobSpec.Gpu("H100-80GB", 80, "nvidia.com/gpu", "p", false, 700, 4.0);
        TuningCostEstimator.Estimate e = TuningCostEstimator.before(spec(TuningMethod.LORA, ExecutorKind.KUBERNETES,
                h100, 2), 10_000, 512, 8_000_000_000L, 0, 0, 0, PRICES);

        // 4 x 8e9 parameters x (10,000 x 512 x 2 epochs) tokens over 2 x 989 TFLOPS at 35 %
        double seconds = 4 * 8e9 * 10_000 * 512 * 2 / (2 * 989e12 * 0.35);
        assertEquals(seconds / 3600 * 2, e.gpuHours(), 1e-12);
        assertEquals(e.gpuHours() * 4.0, e.usd(), 1e-12);
        assertEquals(e.gpuHours() * 0.7 * 1.2, e.kwh(), 1e-12);
        assertEquals(e.kwh() * 0.4, e.kgCo2(), 1e-12);
        assertEquals(0, e.cpuHours());

        TuningCostEstimator.Estimate full = TuningCostEstimator.before(spec(TuningMethod.FULL, ExecutorKind.KUBERNETES,
                h100, 2), 10_000, 512, 8_000_000_000L, 0, 0, 0, PRICES);
        assertEquals(1.5, full.gpuHours() / e.gpuHours(), 1e-9, "gradients for every weight: 6 instead of 4 FLOPs");
    }

    @Test
    void aHeadCostsItsEmbeddingsAndEpochsOnTheCpuAndIsRecordedByWallTime() {
        TuningCostEstimator.Estimate e = TuningCostEstimator.before(spec(TuningMethod.CLASSIFIER_HEAD,
                ExecutorKind.LOCAL, null, 0), 10_000, 0, 22_700_000, 77, 384, 1, PRICES);
        double seconds = 10_000 / 250.0 + 6.0 * 10_000 * 2 * 384 * 77 / 4e9;
        assertEquals(seconds / 3600, e.cpuHours(), 1e-12);
        assertEquals(0, e.gpuHours());

        TuningCostEstimator.Estimate after = TuningCostEstimator.after(spec(TuningMethod.CLASSIFIER_HEAD,
                ExecutorKind.LOCAL, null, 0), 90, 2, PRICES);
        assertEquals(0.05, after.cpuHours(), 1e-12);
        assertEquals(0.05 * 0.05, after.usd(), 1e-12);
        assertEquals(List.of("90 s on 2 cores"), List.of(after.basis()));
    }
}
