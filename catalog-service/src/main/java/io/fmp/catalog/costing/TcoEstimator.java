package io.fmp.catalog.costing;

/** Total cost of ownership per month: API pricing versus self-hosting, with energy and CO2. */
public final class TcoEstimator {

    /** Average hours in a month (365.25 * 24 / 12). */
    public static final double HOURS_PER_MONTH = 730.5;
    private static final double SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

    private TcoEstimator() {
    }

    /** Pay-per-token API: prices per million input and output tokens. */
    public static CostEstimate api(Workload workload, double usdPerMillionInput, double usdPerMillionOutput) {
        if (!(usdPerMillionInput >= 0) || !(usdPerMillionOutput >= 0)) {
            throw new io.fmp.contracts.errors.InvalidInputException("api", "prices must be 0 or more");
        }
        double monthly = workload.requestsPerMonth()
                * (workload.inputTokens() * usdPerMillionInput + workload.outputTokens() * usdPerMillionOutput) / 1e6;
        return new CostEstimate(monthly, perMillionTokens(monthly, workload), per1000Requests(monthly, workload),
                0, 0, 0, 0);
    }

    /**
     * Always-on replicas sized so the average load stays at the target utilisation; at least one
     * replica runs even for a tiny workload, which is what makes small workloads expensive to self-host.
     */
    public static CostEstimate selfHosted(Workload workload, SelfHosting hosting) {
        double demandTokensPerSecond = workload.tokensPerMonth() / SECONDS_PER_MONTH;
        int replicas = Math.max(1, (int) Math.ceil(demandTokensPerSecond
                / (hosting.tokensPerSecond() * hosting.targetUtilisation())));
        double gpuHours = (double) replicas * hosting.gpusPerReplica() * HOURS_PER_MONTH;
        double monthly = gpuHours * hosting.gpuHourlyUsd();
        // GPUs draw power whether busy or not; idle draw is a large share of board power in practice
        double energyKwh = gpuHours * hosting.gpuPowerWatts() / 1000 * hosting.pue();
        double co2Kg = energyKwh * hosting.gridGramsCo2PerKwh() / 1000;
        return new CostEstimate(monthly, perMillionTokens(monthly, workload), per1000Requests(monthly, workload),
                replicas, gpuHours, energyKwh, co2Kg);
    }

    private static double perMillionTokens(double monthly, Workload workload) {
        return monthly / (workload.tokensPerMonth() / 1e6);
    }

    private static double per1000Requests(double monthly, Workload workload) {
        return monthly / (workload.requestsPerMonth() / 1000.0);
    }
}
