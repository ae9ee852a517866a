package io.fmp.catalog.selection;

import java.util.List;
import java.util.Map;

/**
 * The engine's answer: eligible models best first, the Pareto-optimal ones, and excluded models
 * with each constraint they violate. {@code ranked} and {@code excluded} may be cut to a limit; the
 * totals and the per-constraint counts always cover the whole catalog.
 */
public record Recommendation(List<Ranked> ranked, List<String> paretoOptimal, List<Exclusion> excluded,
                             int rankedTotal, int excludedTotal, Map<String, Integer> excludedByConstraint) {

    /** Per-criterion scores in [0, 1], higher is better (risk: higher means safer). */
    public record Scores(double quality, double speed, double cost, double risk) {
    }

    public record Ranked(int rank, Candidate candidate, double value, Scores scores, boolean paretoOptimal,
                         String explanation) {
    }

    /** @param constraint the name of the violated constraint, e.g. {@code deploymentMode} */
    public record Violation(String constraint, String reason) {
    }

    public record Exclusion(Candidate candidate, List<Violation> violations) {
    }
}
