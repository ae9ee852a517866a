package io.fmp.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Bootstrap resampling over segments the way sacreBLEU does it: each resample draws as many
 * segments as there are, with replacement, sums their sufficient statistics and scores the sum
 * (so corpus metrics such as BLEU resample correctly, not as means of sentence scores). Seeded:
 * the same seed gives the same numbers. The random stream is Java's, not numpy's, so intervals
 * match sacreBLEU's statistically, not digit for digit.
 */
public record Bootstrap(long seed, int resamples) {

    public static final int DEFAULT_RESAMPLES = 1000;

    /**
     * @param mean      mean score over the resamples
     * @param halfWidth half the width of the 95 % interval (sacreBLEU's "± CI")
     */
    public record Interval(double score, double mean, double lower, double upper, double halfWidth) {
    }

    /** @param p probability of a difference at least this large by chance (paired bootstrap, sacreBLEU's paired-bs) */
    public record Comparison(double baseline, double system, Interval systemInterval, double p) {
    }

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
    }

    public static Bootstrap seeded(long seed) {
        return new Bootstrap(seed, DEFAULT_RESAMPLES);
    }

    /**
     * Scores a resample from how often each segment was drawn ({@code counts[i]}, all ones for the
     * full set). Lets a metric score sparsely (e.g. macro F1 from a confusion matrix) instead of
     * summing dense vectors.
     */
    @FunctionalInterface
    public interface CountScore {
        double score(int[] counts);
    }

    /** The score of all segments with its 95 % interval. */
    public Interval interval(List<double[]> segmentStatistics, ToDoubleFunction<double[]> score) {
        return interval(segmentStatistics.size(), summed(segmentStatistics, score));
    }

    /** The score of all {@code segments} with its 95 % interval, each resample scored from its draw counts. */
    public Interval interval(int segments, CountScore score) {
        double[] scores = new double[resamples];
        Draws draws = new Draws(seed, segments);
        for (int r = 0; r < resamples; r++) {
            scores[r] = score.score(draws.next());
        }
        return interval(score.score(ones(segments)), scores);
    }

    /** Paired test: both systems scored on the same resamples of the same segments. */
    public Comparison compare(List<double[]> baseline, List<double[]> system, ToDoubleFunction<double[]> score) {
        if (baseline.size() != system.size()) {
            throw new IllegalArgumentException("paired systems need the same segments: " + baseline.size() + " vs "
                    + system.size());
        }
        return compare(system.size(), summed(baseline, score), summed(system, score));
    }

    /** Paired test over {@code segments} scored by both systems, on the same resamples. */
    public Comparison compare(int segments, CountScore baseline, CountScore system) {
        double[] baselineScores = new double[resamples];
        double[] systemScores = new double[resamples];
        Draws draws = new Draws(seed, segments);
        for (int r = 0; r < resamples; r++) {
            int[] counts = draws.next();
            baselineScores[r] = baseline.score(counts);
            systemScores[r] = system.score(counts);
        }
        int[] all = ones(segments);
        double baselineScore = baseline.score(all);
        double systemScore = system.score(all);
        double[] differences = new double[resamples];
        double meanDifference = 0;
        for (int r = 0; r < resamples; r++) {
            differences[r] = Math.abs(systemScores[r] - baselineScores[r]);
            meanDifference += differences[r];
        }
        meanDifference /= resamples;
        double realDifference = Math.abs(baselineScore - systemScore);
        if (realDifference == 0) {
            // no difference to explain: sacreBLEU's rule would call identical systems different (p = 1 / (n + 1))
            return new Comparison(baselineScore, systemScore, interval(systemScore, systemScores), 1.0);
        }
        int atLeast = 0;
        for (double difference : differences) {
            if (difference - meanDifference > realDifference) {
                atLeast++;
            }
        }
        return new Comparison(baselineScore, systemScore, interval(systemScore, systemScores),
                (atLeast + 1.0) / (resamples + 1.0));
    }

    private Interval interval(double score, double[] scores) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int lowerIndex = sorted.length / 40;
        double lower = sorted[lowerIndex];
        double upper = sorted[sorted.length - lowerIndex - 1];
        return new Interval(score, Arrays.stream(sorted).average().orElse(Double.NaN), lower, upper, 0.5 * (upper - lower));
    }

    /** Scores a resample by summing each segment's statistics as often as it was drawn, then scoring the sum. */
    public static CountScore summed(List<double[]> statistics, ToDoubleFunction<double[]> score) {
        int width = statistics.isEmpty() ? 0 : statistics.get(0).length;
        return counts -> {
            double[] sum = new double[width];
            for (int i = 0; i < counts.length; i++) {
                int times = counts[i];
                if (times != 0) {
                    double[] row = statistics.get(i);
                    for (int k = 0; k < width; k++) {
                        sum[k] += times * row[k];
                    }
                }
            }
            return score.applyAsDouble(sum);
        };
    }

    private static int[] ones(int segments) {
        int[] counts = new int[segments];
        Arrays.fill(counts, 1);
        return counts;
    }

    /**
     * The resamples, one at a time: each draws as many segments as there are, with replacement, from
     * one seeded stream (memory stays O(segments) however many resamples there are).
     */
    private static final class Draws {
        private final SplittableRandom random;
        private final int[] counts;

        Draws(long seed, int segments) {
            if (segments == 0) {
                throw new IllegalArgumentException("nothing to resample: no segments");
            }
            this.random = new SplittableRandom(seed);
            this.counts = new int[segments];
        }

        int[] next() {
            Arrays.fill(counts, 0);
            for (int i = 0; i < counts.length; i++) {
                counts[random.nextInt(counts.length)]++;
            }
            return counts;
        }
    }
}
