package io.fmp.eval.scoring;

import io.fmp.metrics.Bleu;
import io.fmp.metrics.Bootstrap;
import io.fmp.metrics.Chrf;
import io.fmp.metrics.Classification;
import io.fmp.metrics.GenerationStats;
import io.fmp.metrics.Ter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a run's per-example results into its metrics, each with a seeded bootstrap interval over
 * examples (corpus metrics resampled on summed statistics, as sacreBLEU does), plus latency, token
 * cost and, for classification, the per-class report. Failed examples count as failed, not as
 * wrong answers, and are left out of every metric.
 */
public final class RunAggregator {

    /**
     * One example's result as stored.
     *
     * @param expected  the label (classification only; null otherwise)
     * @param predicted the label read from the answer; null when unreadable
     * @param stats     per metric word
     * @param firstTokenMs null when the answer was not streamed
     */
    public record Row(String expected, String predicted, Map<String, double[]> stats, double latencyMs,
                      Double firstTokenMs, long promptTokens, long completionTokens, boolean failed) {
    }

    /** @param lower null when no interval could be drawn (no examples had the metric) */
    public record MetricResult(MetricKind metric, double value, Double lower, Double upper, long examples) {
    }

    /** @param firstToken time-to-first-token statistics of streamed answers (0 requests when none) */
    public record Summary(List<MetricResult> metrics, GenerationStats.Latency latency, GenerationStats.Latency firstToken,
                          long promptTokens, long completionTokens, double tokensPerSecond, double costUsd,
                          List<Classification.PerClass> perClass, long scored, long failed) {

        public MetricResult metric(MetricKind kind) {
            return metrics.stream().filter(m -> m.metric() == kind).findFirst().orElse(null);
        }
    }

    private final List<MetricKind> metrics;
    private final Map<MetricKind, List<double[]>> statistics = new LinkedHashMap<>();
    private final List<String> expected = new ArrayList<>();
    private final List<String> predicted = new ArrayList<>();
    private final List<Double> latencies = new ArrayList<>();
    private final List<Double> firstTokens = new ArrayList<>();
    private long promptTokens;
    private long completionTokens;
    private long failed;

    public RunAggregator(List<MetricKind> metrics) {
        this.metrics = List.copyOf(metrics);
        metrics.forEach(m -> statistics.put(m, new ArrayList<>()));
    }

    public void add(Row row) {
        if (row.failed()) {
            failed++;
            return;
        }
        for (MetricKind metric : metrics) {
            double[] stats = row.stats().get(metric.word);
            if (stats != null) {
                statistics.get(metric).add(stats);
            }
        }
        expected.add(row.expected());
        predicted.add(row.predicted());
        latencies.add(row.latencyMs());
        if (row.firstTokenMs() != null) {
            firstTokens.add(row.firstTokenMs());
        }
        promptTokens += row.promptTokens();
        completionTokens += row.completionTokens();
    }

    /** @param usdPerMillionInput null when the model is not priced (cost 0) */
    public Summary summarise(Bootstrap bootstrap, Double usdPerMillionInput, Double usdPerMillionOutput) {
        List<MetricResult> results = new ArrayList<>();
        // only classification rows carry an expected label
        Confusion confusion = expected.stream().anyMatch(java.util.Objects::nonNull)
                ? new Confusion(expected, predicted) : null;
        for (MetricKind metric : metrics) {
            if (metric == MetricKind.MACRO_F1) {
                results.add(interval(metric, expected.size(), confusion::macroF1, bootstrap));
                continue;
            }
            List<double[]> rows = statistics.get(metric);
            results.add(interval(metric, rows.size(), Bootstrap.summed(rows, scoreOf(metric)), bootstrap));
        }
        double[] millis = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        double totalSeconds = latencies.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        double tokensPerSecond = totalSeconds > 0 ? completionTokens / totalSeconds : 0;
        double cost = usdPerMillionInput == null ? 0 : GenerationStats.costUsd(promptTokens, completionTokens,
                usdPerMillionInput, usdPerMillionOutput == null ? 0 : usdPerMillionOutput);
        List<Classification.PerClass> perClass = confusion == null ? List.of() : confusion.perClass();
        return new Summary(results, GenerationStats.latency(millis),
                GenerationStats.latency(firstTokens.stream().mapToDouble(Double::doubleValue).toArray()), promptTokens,
                completionTokens, tokensPerSecond, cost, perClass, expected.size(), failed);
    }

    private static MetricResult interval(MetricKind metric, int examples, Bootstrap.CountScore score,
                                         Bootstrap bootstrap) {
        if (examples == 0) {
            return new MetricResult(metric, Double.NaN, null, null, 0);
        }
        Bootstrap.Interval interval = bootstrap.interval(examples, score);
        return new MetricResult(metric, interval.score(), interval.lower(), interval.upper(), examples);
    }

    /** How a metric scores its summed statistics. */
    static java.util.function.ToDoubleFunction<double[]> scoreOf(MetricKind metric) {
        return switch (metric) {
            case BLEU -> {
                Bleu bleu = Bleu.corpusDefaults();
                yield sum -> bleu.fromStatistics(longs(sum)).score();
            }
            case CHRF -> sum -> Chrf.chrf().fScore(longs(sum));
            case CHRF_PLUS_PLUS -> sum -> Chrf.chrfPlusPlus().fScore(longs(sum));
            case TER -> sum -> Ter.score(sum[0], sum[1]);
            case PERPLEXITY -> sum -> Math.exp(-sum[0] / sum[1]);
            default -> sum -> sum[1] == 0 ? 0 : sum[0] / sum[1];
        };
    }

    private static long[] longs(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }

    /**
     * Expected and predicted labels as indices, scored sparsely: a resample touches each drawn
     * example once, not a vector per class. Macro averages run over the labels a resample contains
     * (expected or predicted), as recomputing the report on that resample would; an unreadable
     * prediction is a miss for its expected label and predicts no label.
     */
    static final class Confusion {
        private final List<String> labels;
        private final int[] expectedIndex;
        private final int[] predictedIndex;

        Confusion(List<String> expected, List<String> predicted) {
            TreeSet<String> all = new TreeSet<>();
            expected.stream().filter(e -> e != null).forEach(all::add);
            predicted.stream().filter(p -> p != null).forEach(all::add);
            labels = List.copyOf(all);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                index.put(labels.get(i), i);
            }
            expectedIndex = new int[expected.size()];
            predictedIndex = new int[expected.size()];
            for (int i = 0; i < expected.size(); i++) {
                expectedIndex[i] = expected.get(i) == null ? -1 : index.get(expected.get(i));
                predictedIndex[i] = predicted.get(i) == null ? -1 : index.get(predicted.get(i));
            }
        }

        double macroF1(int[] counts) {
            long[][] c = counts(counts);
            double sum = 0;
            int present = 0;
            for (int l = 0; l < labels.size(); l++) {
                if (c[1][l] + c[2][l] == 0) {
                    continue;
                }
                present++;
                sum += f1(c[0][l], c[1][l], c[2][l]);
            }
            return present == 0 ? 0 : sum / present;
        }

        List<Classification.PerClass> perClass() {
            int[] all = new int[expectedIndex.length];
            java.util.Arrays.fill(all, 1);
            long[][] c = counts(all);
            List<Classification.PerClass> report = new ArrayList<>();
            for (int l = 0; l < labels.size(); l++) {
                long tp = c[0][l];
                double precision = c[2][l] == 0 ? 0 : (double) tp / c[2][l];
                double recall = c[1][l] == 0 ? 0 : (double) tp / c[1][l];
                report.add(new Classification.PerClass(labels.get(l), precision, recall, f1(tp, c[1][l], c[2][l]),
                        c[1][l]));
            }
            return report;
        }

        /** [0] true positives, [1] support, [2] predicted as, per label */
        private long[][] counts(int[] counts) {
            long[][] c = new long[3][labels.size()];
            for (int i = 0; i < counts.length; i++) {
                int times = counts[i];
                if (times == 0) {
                    continue;
                }
                int e = expectedIndex[i];
                int p = predictedIndex[i];
                if (e >= 0) {
                    c[1][e] += times;
                }
                if (p >= 0) {
                    c[2][p] += times;
                    if (p == e) {
                        c[0][e] += times;
                    }
                }
            }
            return c;
        }

        private static double f1(long truePositives, long support, long predictedAs) {
            double precision = predictedAs == 0 ? 0 : (double) truePositives / predictedAs;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }
}
