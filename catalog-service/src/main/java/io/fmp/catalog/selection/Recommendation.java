package io.fmp.catalog.selection;

import java.util.List;

/**
 * The engine's answer: eligible models best first, the Pareto-optimal ones, and every excluded
 * model with each constraint it violates.
 */
public record Recommendation(List<Ranked> ranked, List<String> paretoOptimal, List<Exclusion> excluded) {

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
