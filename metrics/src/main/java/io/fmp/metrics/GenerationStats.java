package io.fmp.metrics;

import java.util.Arrays;
import java.util.List;

/** Perplexity, latency percentiles, throughput and token cost of generated outputs. */
public final class GenerationStats {

    /** @param p50Ms etc. by linear interpolation between closest ranks (numpy's default percentile) */
    public record Latency(long requests, double p50Ms, double p95Ms, double p99Ms, double meanMs, double maxMs) {
    }

    private GenerationStats() {
    }

    /** exp of the negative mean token log-probability (natural log). */
    public static double perplexity(List<Double> tokenLogProbabilities) {
        if (tokenLogProbabilities.isEmpty()) {
            throw new IllegalArgumentException("perplexity needs at least one token log-probability");
        }
        double sum = 0;
        for (double logProbability : tokenLogProbabilities) {
            sum += logProbability;
        }
        return Math.exp(-sum / tokenLogProbabilities.size());
    }

    public static Latency latency(double[] millis) {
        if (millis.length == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                Arrays.stream(sorted).average().orElse(Double.NaN), sorted[sorted.length - 1]);
    }

    /** numpy.percentile(values, q) with the default linear method; values sorted. */
    public static double percentile(double[] sorted, double q) {
        double rank = q / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /** Output tokens per second after the first token arrived (decode rate). */
    public static double decodeTokensPerSecond(long outputTokens, double totalMillis, double timeToFirstTokenMillis) {
        double decodeMillis = totalMillis - timeToFirstTokenMillis;
        return outputTokens <= 1 || decodeMillis <= 0 ? 0 : (outputTokens - 1) / (decodeMillis / 1000);
    }

    /** USD for the tokens at list prices per million. */
    public static double costUsd(long inputTokens, long outputTokens, double usdPerMillionInput, double usdPerMillionOutput) {
        return inputTokens * usdPerMillionInput / 1e6 + outputTokens * usdPerMillionOutput / 1e6;
    }
}
