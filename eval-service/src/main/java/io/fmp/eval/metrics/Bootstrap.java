package io.fmp.eval.metrics;

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

    /** The score of all segments with its 95 % interval. */
    public Interval interval(List<double[]> segmentStatistics, ToDoubleFunction<double[]> score) {
        int[][] draws = draws(segmentStatistics.size());
        return interval(score.applyAsDouble(sum(segmentStatistics, null)), resampled(segmentStatistics, score, draws));
    }

    /** Paired test: both systems scored on the same resamples of the same segments. */
    public Comparison compare(List<double[]> baseline, List<double[]> system, ToDoubleFunction<double[]> score) {
        if (baseline.size() != system.size()) {
            throw new IllegalArgumentException("paired systems need the same segments: " + baseline.size() + " vs "
                    + system.size());
        }
        int[][] draws = draws(system.size());
        double baselineScore = score.applyAsDouble(sum(baseline, null));
        double systemScore = score.applyAsDouble(sum(system, null));
        double[] baselineScores = resampled(baseline, score, draws);
        double[] systemScores = resampled(system, score, draws);
        double[] differences = new double[resamples];
        double meanDifference = 0;
        for (int r = 0; r < resamples; r++) {
            differences[r] = Math.abs(systemScores[r] - baselineScores[r]);
            meanDifference += differences[r];
        }
        meanDifference /= resamples;
        double realDifference = Math.abs(baselineScore - systemScore);
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

    private int[][] draws(int segments) {
        if (segments == 0) {
            throw new IllegalArgumentException("nothing to resample: no segments");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] draws = new int[resamples][segments];
        for (int[] draw : draws) {
            for (int i = 0; i < segments; i++) {
                draw[i] = random.nextInt(segments);
            }
        }
        return draws;
    }

    private double[] resampled(List<double[]> statistics, ToDoubleFunction<double[]> score, int[][] draws) {
        double[] scores = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            scores[r] = score.applyAsDouble(sum(statistics, draws[r]));
        }
        return scores;
    }

    private static double[] sum(List<double[]> statistics, int[] draw) {
        double[] sum = new double[statistics.get(0).length];
        int count = draw == null ? statistics.size() : draw.length;
        for (int i = 0; i < count; i++) {
            double[] row = statistics.get(draw == null ? i : draw[i]);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += row[k];
            }
        }
        return sum;
    }
}
