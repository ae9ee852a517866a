package io.fmp.tuning.deployments;

import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.SelfHosting;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.fmp.tuning.jobs.JobSpec;

import java.util.Locale;

/**
 * What a deployment costs per replica-hour (GPU-hours, dollars, kWh, CO2) and per million tokens, reckoned with the
 * catalog's cost model (its self-hosting estimate for GPU deployments, its API estimate for external ones), and
 * what it has cost so far. Plain Java.
 */
public final class DeploymentCosts {

    /** Hours the catalog's cost model counts in a month. */
    static final double HOURS_PER_MONTH = 730.5;
    /** Input and output tokens of the request the throughput is counted in. */
    static final int TOKENS_IN = 500;
    static final int TOKENS_OUT = 500;
    /** Share of the GPUs' peak a batched vLLM replica turns into tokens (decode is bound by memory, not compute). */
    static final double DECODE_EFFICIENCY = 0.3;

    /**
     * Per replica-hour, and per million tokens.
     *
     * @param tensorParallelSize GPUs per replica (0 for local and external)
     * @param gpuProduct         the GPU profile, or "cpu" / "external"
     */
    public record Estimate(double gpuHoursPerReplicaHour, double usdPerReplicaHour, double kwhPerReplicaHour,
                           double kgCo2PerReplicaHour, double usdPerMillionTokens, int tensorParallelSize,
                           String gpuProduct, String basis) {
    }

    private DeploymentCosts() {
    }

    /** Tokens per second one replica serves: twice the parameters in FLOPs per token, on its GPUs' peak. */
    static double tokensPerSecond(JobSpec.Gpu gpu, int gpus, long parameters) {
        return TuningCostEstimator.tflops(gpu) * 1e12 * DECODE_EFFICIENCY * gpus / (2.0 * Math.max(parameters, 1));
    }

    /** The catalog question for one replica kept busy at the target utilisation for a month. */
    public static EstimateCostRequest selfHosted(JobSpec.Gpu gpu, int gpus, long parameters, double utilisation,
                                                 TuningCostEstimator.Prices prices) {
        double tokensPerSecond = tokensPerSecond(gpu, gpus, parameters);
        long requests = Math.max(1, (long) (tokensPerSecond * utilisation * 3600 * HOURS_PER_MONTH / (TOKENS_IN + TOKENS_OUT)));
        return EstimateCostRequest.newBuilder()
                .setWorkload(Workload.newBuilder().setRequestsPerMonth(requests).setInputTokens(TOKENS_IN)
                        .setOutputTokens(TOKENS_OUT))
                .setSelfHosted(SelfHosting.newBuilder().setGpusPerReplica(gpus).setGpuHourlyUsd(gpu.usdPerHour())
                        .setGpuPowerWatts(gpu.powerWatts()).setTokensPerSecond(tokensPerSecond)
                        .setTargetUtilisation(utilisation).setPue(prices.pue())
                        .setGridGramsCo2PerKwh(prices.gridGramsCo2PerKwh()))
                .build();
    }

    /** The catalog's monthly answer for one replica, per replica-hour. */
    public static Estimate gpu(CostEstimate monthly, JobSpec.Gpu gpu, int gpus, long parameters, double utilisation) {
        double replicaMonths = Math.max(1, monthly.getReplicas());
        double hours = HOURS_PER_MONTH * replicaMonths;
        return new Estimate(monthly.getGpuHours() / hours, monthly.getMonthlyUsd() / hours,
                monthly.getEnergyKwh() / hours, monthly.getCo2Kg() / hours, monthly.getUsdPerMillionTokens(), gpus,
                gpu.name(), String.format(Locale.ROOT, "%d x %s at $%.2f/h and %.0f W each; %.0f tokens/s per replica"
                        + " (%.3g parameters, %.0f %% of %.0f TFLOPS) at %.0f %% load; catalog self-hosting model",
                gpus, gpu.name(), gpu.usdPerHour(), gpu.powerWatts(), tokensPerSecond(gpu, gpus, parameters),
                (double) parameters, DECODE_EFFICIENCY * 100, TuningCostEstimator.tflops(gpu), utilisation * 100));
    }

    /** A local deployment: one of the service's cores, at the CPU prices tuning jobs are costed at. */
    public static Estimate local(TuningCostEstimator.Prices prices, double tokensPerText) {
        double kwh = prices.cpuWatts() / 1000 * prices.pue();
        double tokensPerHour = prices.encoderTextsPerSecond() * tokensPerText * 3600;
        return new Estimate(0, prices.cpuUsdPerHour(), kwh, kwh * prices.gridGramsCo2PerKwh() / 1000,
                prices.cpuUsdPerHour() / tokensPerHour * 1e6, 0, "cpu", String.format(Locale.ROOT,
                "one CPU core at $%.3f/h and %.0f W; %.0f texts/s of ~%.0f tokens", prices.cpuUsdPerHour(),
                prices.cpuWatts(), prices.encoderTextsPerSecond(), tokensPerText));
    }

    /** The catalog's API question at the card's prices. */
    public static EstimateCostRequest api(double usdPerMillionInput, double usdPerMillionOutput) {
        return EstimateCostRequest.newBuilder()
                .setWorkload(Workload.newBuilder().setRequestsPerMonth(1_000_000).setInputTokens(TOKENS_IN)
                        .setOutputTokens(TOKENS_OUT))
                .setApi(io.fmp.contracts.catalog.v1.ApiPricing.newBuilder().setUsdPerMillionInput(usdPerMillionInput)
                        .setUsdPerMillionOutput(usdPerMillionOutput))
                .build();
    }

    /** An external endpoint: nothing runs here; tokens cost what the card's API prices say (0 when unpriced). */
    public static Estimate external(CostEstimate api, boolean priced) {
        return new Estimate(0, 0, 0, 0, api.getUsdPerMillionTokens(), 0, "external", priced
                ? "the card's API prices (catalog API model, half input, half output)" : "unpriced: the card names no API prices");
    }

    /** What {@code replicas} replicas cost over {@code hours}. */
    public static double[] accrue(Estimate e, int replicas, double hours) {
        double replicaHours = replicas * hours;
        return new double[]{e.gpuHoursPerReplicaHour() * replicaHours, e.usdPerReplicaHour() * replicaHours,
                e.kwhPerReplicaHour() * replicaHours, e.kgCo2PerReplicaHour() * replicaHours};
    }
}
