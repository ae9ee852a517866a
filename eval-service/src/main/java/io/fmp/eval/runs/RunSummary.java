package io.fmp.eval.runs;

import io.fmp.metrics.GenerationStats;
import io.fmp.eval.scoring.RunAggregator;

import java.util.List;

/** What a finished run measured, as stored with it (no NaN: unknown values are null). */
public record RunSummary(List<Metric> metrics, Latency latency, double costUsd, List<ClassScore> perClass, long scored,
                         long failed) {

    /** @param value null when no example had the metric (e.g. perplexity without log-probabilities) */
    public record Metric(String name, Double value, Double lower, Double upper, long examples, boolean higherIsBetter) {
    }

    public record Latency(long requests, Double p50Ms, Double p95Ms, Double p99Ms, Double meanMs, Double maxMs,
                          long promptTokens, long completionTokens, double tokensPerSecond, Double firstTokenP50Ms,
                          Double firstTokenP95Ms) {
    }

    public record ClassScore(String label, double precision, double recall, double f1, long support) {
    }

    public static RunSummary of(RunAggregator.Summary summary) {
        List<Metric> metrics = summary.metrics().stream().map(m -> new Metric(m.metric().word, known(m.value()),
                m.lower(), m.upper(), m.examples(), m.metric().higherIsBetter)).toList();
        GenerationStats.Latency l = summary.latency();
        GenerationStats.Latency t = summary.firstToken();
        Latency latency = new Latency(l.requests(), known(l.p50Ms()), known(l.p95Ms()), known(l.p99Ms()),
                known(l.meanMs()), known(l.maxMs()), summary.promptTokens(), summary.completionTokens(),
                summary.tokensPerSecond(), known(t.p50Ms()), known(t.p95Ms()));
        return new RunSummary(metrics, latency, summary.costUsd(), summary.perClass().stream()
                .map(c -> new ClassScore(c.label(), c.precision(), c.recall(), c.f1(), c.support())).toList(),
                summary.scored(), summary.failed());
    }

    public Metric metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /** Every metric with a value, on its own scale, as eval.completed carries them. */
    public java.util.Map<String, Double> values() {
        java.util.Map<String, Double> values = new java.util.TreeMap<>();
        metrics.stream().filter(m -> m.value() != null).forEach(m -> values.put(m.name(), m.value()));
        return values;
    }

    private static Double known(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
