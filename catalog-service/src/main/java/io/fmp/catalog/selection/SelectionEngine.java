package io.fmp.catalog.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ranks models for a use case by a transparent value score: the weighted sum of four criterion
 * scores in [0, 1]. Quality is the eval metric itself; speed and cost are relative to the best
 * eligible model (best / own); risk is a safety score from the licence, training-data
 * transparency, IP indemnity and governance approval. Unknown measurements score 0 and are named
 * in the explanation. Deterministic: the same input gives the same output, ties broken by id.
 */
public final class SelectionEngine {

    static final double RISK_COMMERCIAL = 0.3;
    static final double RISK_TRANSPARENCY = 0.3;
    static final double RISK_INDEMNITY = 0.2;
    static final double RISK_APPROVED = 0.2;

    private SelectionEngine() {
    }

    public static Recommendation recommend(UseCaseProfile profile, List<Candidate> candidates) {
        profile.requireValid();
        Constraints constraints = profile.constraints() == null ? Constraints.none() : profile.constraints();
        List<Candidate> eligible = new ArrayList<>();
        List<Recommendation.Exclusion> excluded = new ArrayList<>();
        for (Candidate candidate : sortedById(candidates)) {
            List<Recommendation.Violation> violations = violations(profile.task(), constraints, candidate);
            if (violations.isEmpty()) {
                eligible.add(candidate);
            } else {
                excluded.add(new Recommendation.Exclusion(candidate, violations));
            }
        }
        Set<String> pareto = paretoOptimal(eligible);
        Weights weights = profile.weights().normalised();
        double bestLatency = eligible.stream().map(Candidate::p95LatencyMs).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).min().orElse(0);
        double bestCost = eligible.stream().map(Candidate::costPer1000Requests).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).min().orElse(0);

        record Scored(Candidate candidate, Recommendation.Scores scores, double value) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Candidate candidate : eligible) {
            Recommendation.Scores scores = new Recommendation.Scores(
                    candidate.quality() == null ? 0 : clamp(candidate.quality()),
                    relative(bestLatency, candidate.p95LatencyMs()),
                    relative(bestCost, candidate.costPer1000Requests()),
                    safety(candidate));
            double value = weights.quality() * scores.quality() + weights.speed() * scores.speed()
                    + weights.cost() * scores.cost() + weights.risk() * scores.risk();
            scored.add(new Scored(candidate, scores, value));
        }
        scored.sort(Comparator.comparingDouble(Scored::value).reversed()
                .thenComparing(s -> s.scores().quality(), Comparator.reverseOrder())
                .thenComparing(s -> s.candidate().modelId()));

        List<Recommendation.Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            boolean optimal = pareto.contains(s.candidate().modelId());
            ranked.add(new Recommendation.Ranked(i + 1, s.candidate(), s.value(), s.scores(), optimal,
                    explain(i + 1, scored.size(), s.candidate(), s.value(), s.scores(), optimal, weights, profile)));
        }
        return new Recommendation(ranked, List.copyOf(pareto), excluded);
    }

    static List<Recommendation.Violation> violations(String task, Constraints c, Candidate m) {
        List<Recommendation.Violation> violations = new ArrayList<>();
        if (!m.tasks().contains(task)) {
            violations.add(new Recommendation.Violation("task",
                    "does not support " + task + " (supports " + String.join(", ", new TreeSet<>(m.tasks())) + ")"));
        }
        if (c.deploymentMode() != null && !m.deploymentModes().contains(c.deploymentMode())) {
            violations.add(new Recommendation.Violation("deploymentMode", "cannot be deployed " + mode(c.deploymentMode())
                    + " (options: " + String.join(", ", m.deploymentModes().stream().map(SelectionEngine::mode)
                    .sorted().toList()) + ")"));
        }
        if (c.commercialUse() && !m.commercialUse()) {
            violations.add(new Recommendation.Violation("commercialUse",
                    "licence " + m.license() + " does not allow commercial use"));
        }
        if (c.dataResidency() != null && !m.dataRegions().isEmpty() && !m.dataRegions().contains(c.dataResidency())) {
            violations.add(new Recommendation.Violation("dataResidency", "processes data in "
                    + String.join(", ", new TreeSet<>(m.dataRegions())) + ", not in " + c.dataResidency()));
        }
        if (c.maxP95LatencyMs() != null) {
            if (m.p95LatencyMs() == null) {
                violations.add(new Recommendation.Violation("maxP95LatencyMs", "latency not measured yet; evaluate it first"));
            } else if (m.p95LatencyMs() > c.maxP95LatencyMs()) {
                violations.add(new Recommendation.Violation("maxP95LatencyMs", String.format(Locale.ROOT,
                        "p95 latency %.0f ms exceeds %.0f ms", m.p95LatencyMs(), c.maxP95LatencyMs())));
            }
        }
        if (c.maxCostPer1000Requests() != null) {
            if (m.costPer1000Requests() == null) {
                violations.add(new Recommendation.Violation("maxCostPer1000Requests", "no cost estimate (price or hardware profile missing)"));
            } else if (m.costPer1000Requests() > c.maxCostPer1000Requests()) {
                violations.add(new Recommendation.Violation("maxCostPer1000Requests", String.format(Locale.ROOT,
                        "costs $%.4f per 1,000 requests, above $%.4f", m.costPer1000Requests(), c.maxCostPer1000Requests())));
            }
        }
        if (c.minContextWindow() != null && m.contextWindow() < c.minContextWindow()) {
            violations.add(new Recommendation.Violation("minContextWindow", "context window " + m.contextWindow()
                    + " tokens is below " + c.minContextWindow()));
        }
        if (c.maxGpuMemoryGb() != null && m.gpuMemoryGb() != null && m.gpuMemoryGb() > c.maxGpuMemoryGb()) {
            violations.add(new Recommendation.Violation("maxGpuMemoryGb", String.format(Locale.ROOT,
                    "needs %.1f GB of GPU memory, more than %.1f GB", m.gpuMemoryGb(), c.maxGpuMemoryGb())));
        }
        if (c.approvedOnly() && !m.approved()) {
            violations.add(new Recommendation.Violation("approvedOnly", "not approved by governance"));
        }
        return violations;
    }

    /**
     * Models no other model beats on quality, cost and latency at once (higher quality, lower
     * cost, lower latency; unknown counts as worst).
     */
    static Set<String> paretoOptimal(List<Candidate> eligible) {
        Set<String> optimal = new TreeSet<>();
        for (Candidate a : eligible) {
            boolean dominated = false;
            for (Candidate b : eligible) {
                if (a != b && dominates(b, a)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                optimal.add(a.modelId());
            }
        }
        return optimal;
    }

    private static boolean dominates(Candidate b, Candidate a) {
        double qa = orWorst(a.quality(), -1), qb = orWorst(b.quality(), -1);
        double ca = orWorst(a.costPer1000Requests(), Double.MAX_VALUE), cb = orWorst(b.costPer1000Requests(), Double.MAX_VALUE);
        double la = orWorst(a.p95LatencyMs(), Double.MAX_VALUE), lb = orWorst(b.p95LatencyMs(), Double.MAX_VALUE);
        boolean noWorse = qb >= qa && cb <= ca && lb <= la;
        boolean better = qb > qa || cb < ca || lb < la;
        return noWorse && better;
    }

    static double safety(Candidate m) {
        return RISK_COMMERCIAL * (m.commercialUse() ? 1 : 0)
                + RISK_TRANSPARENCY * m.trainingData().score
                + RISK_INDEMNITY * (m.ipIndemnity() ? 1 : 0)
                + RISK_APPROVED * (m.approved() ? 1 : 0);
    }

    private static String explain(int rank, int of, Candidate m, double value, Recommendation.Scores s,
                                  boolean optimal, Weights w, UseCaseProfile profile) {
        String suite = profile.qualitySuite() == null ? "the use case's suite" : profile.qualitySuite();
        List<String> parts = new ArrayList<>();
        parts.add(m.quality() == null ? "quality unknown (not evaluated on " + suite + ")"
                : String.format(Locale.ROOT, "quality %.3f on %s", m.quality(), suite));
        parts.add(m.p95LatencyMs() == null ? "latency not measured"
                : String.format(Locale.ROOT, "p95 %.0f ms (speed score %.2f)", m.p95LatencyMs(), s.speed()));
        parts.add(m.costPer1000Requests() == null ? "cost unknown"
                : String.format(Locale.ROOT, "$%.4f per 1,000 requests (cost score %.2f)", m.costPer1000Requests(), s.cost()));
        parts.add(String.format(Locale.ROOT, "risk score %.2f (licence %s%s, training data %s, %s, %s)", s.risk(),
                m.license(), m.commercialUse() ? " allows commercial use" : " is non-commercial",
                m.trainingData().name().toLowerCase(Locale.ROOT), m.ipIndemnity() ? "IP indemnity" : "no IP indemnity",
                m.approved() ? "approved" : "not yet approved"));
        return String.format(Locale.ROOT, "#%d of %d, value %.3f = %.2f x quality + %.2f x speed + %.2f x cost + %.2f x risk: %s.%s",
                rank, of, value, w.quality(), w.speed(), w.cost(), w.risk(), String.join("; ", parts),
                optimal ? " Pareto-optimal: no other model is better on quality, cost and latency at once." : "");
    }

    private static String mode(DeploymentMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static double relative(double best, Double own) {
        if (own == null) {
            return 0;
        }
        return own <= 0 ? 1 : clamp(best / own);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double orWorst(Double value, double worst) {
        return value == null ? worst : value;
    }

    private static List<Candidate> sortedById(List<Candidate> candidates) {
        return candidates.stream().sorted(Comparator.comparing(Candidate::modelId)).toList();
    }
}
