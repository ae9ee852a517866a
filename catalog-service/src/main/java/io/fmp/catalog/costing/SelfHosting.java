package io.fmp.catalog.costing;

/**
 * How a model would be served on own hardware.
 *
 * @param gpusPerReplica     GPUs one serving replica needs (from the fit estimate)
 * @param gpuHourlyUsd       price of one GPU hour (cloud list price or amortised on-prem cost)
 * @param gpuPowerWatts      board power of one GPU
 * @param tokensPerSecond    tokens (input + output) one replica processes per second at full load
 * @param targetUtilisation  how busy a replica may run on average (0 to 1), headroom for peaks
 * @param pue                data-centre power usage effectiveness (1.0 to about 2)
 * @param gridGramsCo2PerKwh carbon intensity of the electricity
 */
public record SelfHosting(int gpusPerReplica, double gpuHourlyUsd, double gpuPowerWatts, double tokensPerSecond,
                          double targetUtilisation, double pue, double gridGramsCo2PerKwh) {

    public SelfHosting {
        if (gpusPerReplica < 1 || tokensPerSecond <= 0 || targetUtilisation <= 0 || targetUtilisation > 1
                || pue < 1 || gpuHourlyUsd < 0 || gpuPowerWatts < 0 || gridGramsCo2PerKwh < 0) {
            throw new IllegalArgumentException("invalid self-hosting profile: " + this);
        }
    }
}
