package io.fmp.eval.scoring;

import io.fmp.metrics.Bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * Paired comparison of two runs on the same examples, metric by metric, in the manner of
 * sacreBLEU's paired bootstrap: both systems are scored on the same resamples of the examples, and
 * the p-value is the chance of a difference this large if the systems were equal.
 */
public final class RunComparator {

    /** @param p paired bootstrap p-value; @param lower/upper the system's 95 % interval */
    public record MetricComparison(MetricKind metric, double baseline, double system, double lower, double upper,
                                   double p, long examples) {
        public double delta() {
            return system - baseline;
        }
    }

    private RunComparator() {
    }

    /**
     * @param baseline rows of the examples both runs scored, in the same order as {@code system}
     */
    public static List<MetricComparison> compare(List<MetricKind> metrics, List<RunAggregator.Row> baseline,
                                                 List<RunAggregator.Row> system, Bootstrap bootstrap) {
        if (baseline.size() != system.size()) {
            throw new IllegalArgumentException("paired runs need the same examples");
        }
        List<MetricComparison> comparisons = new ArrayList<>();
        for (MetricKind metric : metrics) {
            Bootstrap.CountScore baselineScore;
            Bootstrap.CountScore systemScore;
            int examples;
            if (metric == MetricKind.MACRO_F1) {
                examples = baseline.size();
                baselineScore = confusion(baseline)::macroF1;
                systemScore = confusion(system)::macroF1;
            } else {
                List<double[]> b = new ArrayList<>();
                List<double[]> s = new ArrayList<>();
                for (int i = 0; i < baseline.size(); i++) {
                    double[] bs = baseline.get(i).stats().get(metric.word);
                    double[] ss = system.get(i).stats().get(metric.word);
                    if (bs != null && ss != null) {
                        b.add(bs);
                        s.add(ss);
                    }
                }
                examples = b.size();
                baselineScore = Bootstrap.summed(b, RunAggregator.scoreOf(metric));
                systemScore = Bootstrap.summed(s, RunAggregator.scoreOf(metric));
            }
            if (examples == 0) {
                continue;
            }
            Bootstrap.Comparison c = bootstrap.compare(examples, baselineScore, systemScore);
            comparisons.add(new MetricComparison(metric, c.baseline(), c.system(), c.systemInterval().lower(),
                    c.systemInterval().upper(), c.p(), examples));
        }
        return comparisons;
    }

    private static RunAggregator.Confusion confusion(List<RunAggregator.Row> rows) {
        return new RunAggregator.Confusion(rows.stream().map(RunAggregator.Row::expected).toList(),
                rows.stream().map(RunAggregator.Row::predicted).toList());
    }
}
