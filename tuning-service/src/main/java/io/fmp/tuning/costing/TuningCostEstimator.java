package io.fmp.tuning.costing;

import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.TuningMethod;

import java.util.Locale;

/**
 * Cost, energy and CO2 of a tuning job, before it runs (from its size) and after (from its measured
 * time). GPU jobs: training FLOPs (6 x parameters x tokens for full fine-tuning, 4 x for adapters
 * and prompts, whose frozen weights get no gradient) over the GPUs' dense BF16 throughput at 35 %
 * utilisation; local jobs: embedding the texts plus the head's epochs on the service's cores.
 */
public final class TuningCostEstimator {

    /** @param cpuUsdPerHour price of one core hour; @param cpuWatts power of one busy core */
    public record Prices(double cpuUsdPerHour, double cpuWatts, double pue, double gridGramsCo2PerKwh,
                         double encoderTextsPerSecond, double cpuFlopsPerSecond) {

        public static final Prices DEFAULT = new Prices(0.05, 15, 1.2, 400, 230, 4e9);
    }

    public record Estimate(double gpuHours, double cpuHours, double usd, double kwh, double kgCo2, String basis) {
    }

    static final double UTILISATION = 0.35;

    private TuningCostEstimator() {
    }

    /** Dense BF16 tensor throughput per GPU (datasheets); a MIG slice gets its memory share of its GPU. */
    public static double tflops(JobSpec.Gpu gpu) {
        String name = gpu.name();
        double full;
        if (name.startsWith("H200") || name.startsWith("H100")) {
            full = 989;
        } else if (name.startsWith("A100")) {
            full = 312;
        } else if (name.startsWith("L40S")) {
            full = 362;
        } else if (name.startsWith("L4")) {
            full = 121;
        } else {
            full = 100;
        }
        return gpu.migSlice() ? full * gpu.memoryGb() / 80 : full;
    }

    /**
     * @param examples      training examples
     * @param tokensPerExample average tokens of a training example (generative jobs)
     * @param parameters    the base model's parameters
     * @param labels        classes of a classifier head
     * @param dimensions    the encoder's embedding size
     * @param cores         cores a local job uses
     */
    public static Estimate before(JobSpec spec, long examples, double tokensPerExample, long parameters, int labels,
                                  int dimensions, int cores, Prices prices) {
        int epochs = spec.hyperparameters().epochs();
        if (spec.method() == TuningMethod.CLASSIFIER_HEAD) {
            double embedSeconds = examples / prices.encoderTextsPerSecond();
            int width = spec.hyperparameters().hiddenUnits() > 0 ? spec.hyperparameters().hiddenUnits() : labels;
            double trainSeconds = 6.0 * examples * epochs * dimensions * width / prices.cpuFlopsPerSecond();
            return local((embedSeconds + trainSeconds) / 3600, cores, prices, String.format(Locale.ROOT,
                    "%d texts at %.0f/s to embed (none if cached), %d epochs of a %dx%d head on %s",
                    examples, prices.encoderTextsPerSecond(), epochs, dimensions, width, cores(cores)));
        }
        double factor = spec.method() == TuningMethod.FULL ? 6 : 4;
        double tokens = examples * tokensPerExample * epochs;
        double flops = factor * parameters * tokens;
        JobSpec.Gpu gpu = spec.resources().gpu();
        int count = spec.resources().gpuCount();
        double seconds = flops / (tflops(gpu) * 1e12 * UTILISATION * count);
        return gpu(seconds / 3600 * count, gpu, prices, String.format(Locale.ROOT,
                "%.0f x %.3g parameters x %.3g tokens (%d epochs) on %d x %s at %.0f TFLOPS, %.0f %% utilised",
                factor, (double) parameters, tokens, epochs, count, gpu.name(), tflops(gpu), UTILISATION * 100));
    }

    /** The cost of what ran: hours of the GPUs held (GPU jobs) or of the cores used (local jobs). */
    public static Estimate after(JobSpec spec, double seconds, int cores, Prices prices) {
        if (spec.executor() == io.fmp.tuning.jobs.ExecutorKind.LOCAL) {
            return local(seconds / 3600, cores, prices, String.format(Locale.ROOT, "%.0f s on %s", seconds,
                    cores(cores)));
        }
        JobSpec.Gpu gpu = spec.resources().gpu();
        int count = spec.resources().gpuCount();
        return gpu(seconds / 3600 * count, gpu, prices, String.format(Locale.ROOT, "%.0f s on %d x %s", seconds, count,
                gpu.name()));
    }

    private static Estimate local(double hours, int cores, Prices prices, String basis) {
        double cpuHours = hours * cores;
        double kwh = cpuHours * prices.cpuWatts() / 1000 * prices.pue();
        return new Estimate(0, cpuHours, cpuHours * prices.cpuUsdPerHour(), kwh,
                kwh * prices.gridGramsCo2PerKwh() / 1000, basis);
    }

    private static Estimate gpu(double gpuHours, JobSpec.Gpu gpu, Prices prices, String basis) {
        double kwh = gpuHours * gpu.powerWatts() / 1000 * prices.pue();
        return new Estimate(gpuHours, 0, gpuHours * gpu.usdPerHour(), kwh, kwh * prices.gridGramsCo2PerKwh() / 1000,
                basis);
    }

    private static String cores(int cores) {
        return cores == 1 ? "1 core" : cores + " cores";
    }
}
