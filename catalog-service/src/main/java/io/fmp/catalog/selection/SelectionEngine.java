package io.fmp.catalog.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

    /** Every ranked and every excluded model. */
    public static Recommendation recommend(UseCaseProfile profile, List<Candidate> candidates) {
        return recommend(profile, candidates, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param limit         how many ranked models to return (with explanations); totals count all
     * @param excludedLimit how many excluded models to list (by id) with reasons; the per-constraint counts cover all
     */
    public static Recommendation recommend(UseCaseProfile profile, List<Candidate> candidates, int limit,
                                           int excludedLimit) {
        List<Candidate> byId = sortedById(candidates);
        return recommend(profile, byId, Measurements.of(byId), limit, excludedLimit);
    }

    /**
     * The same for candidates whose measurements come separately.
     *
     * @param byId     candidates ordered by model id (their own measurement fields are not read)
     * @param measured the measurements by position in {@code byId}
     */
    public static Recommendation recommend(UseCaseProfile profile, List<Candidate> byId, Measurements measured,
                                           int limit, int excludedLimit) {
        profile.requireValid();
        Constraints constraints = profile.constraints() == null ? Constraints.none() : profile.constraints();
        List<Candidate> eligible = new ArrayList<>();
        List<Recommendation.Exclusion> excluded = new ArrayList<>();
        int[] countByConstraint = new int[CONSTRAINTS.size()];
        int excludedTotal = 0;
        for (int i = 0; i < byId.size(); i++) {
            int violated = violatedMask(profile.task(), constraints, byId.get(i), measured.p95LatencyMs()[i],
                    measured.costPer1000Requests()[i]);
            if (violated == 0) {
                eligible.add(measured.apply(byId.get(i), i));
                continue;
            }
            excludedTotal++;
            for (int bit = 0; bit < CONSTRAINTS.size(); bit++) {
                if ((violated & (1 << bit)) != 0) {
                    countByConstraint[bit]++;
                }
            }
            if (excluded.size() < excludedLimit) {
                // reasons are formatted only for the exclusions the answer lists
                Candidate candidate = measured.apply(byId.get(i), i);
                excluded.add(new Recommendation.Exclusion(candidate, names(violated).stream()
                        .map(name -> new Recommendation.Violation(name, reason(name, profile.task(), constraints, candidate)))
                        .toList()));
            }
        }
        Map<String, Integer> excludedByConstraint = new TreeMap<>();
        for (int bit = 0; bit < CONSTRAINTS.size(); bit++) {
            if (countByConstraint[bit] > 0) {
                excludedByConstraint.put(CONSTRAINTS.get(bit), countByConstraint[bit]);
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
        List<Scored> scored = new ArrayList<>(eligible.size());
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
        for (int i = 0; i < Math.min(limit, scored.size()); i++) {
            Scored s = scored.get(i);
            boolean optimal = pareto.contains(s.candidate().modelId());
            ranked.add(new Recommendation.Ranked(i + 1, s.candidate(), s.value(), s.scores(), optimal,
                    explain(i + 1, scored.size(), s.candidate(), s.value(), s.scores(), optimal, weights, profile)));
        }
        return new Recommendation(ranked, List.copyOf(pareto), excluded, scored.size(), excludedTotal,
                excludedByConstraint);
    }

    /** Each violation with its plain-language reason. */
    static List<Recommendation.Violation> violations(String task, Constraints c, Candidate m) {
        return violatedConstraints(task, c, m).stream()
                .map(name -> new Recommendation.Violation(name, reason(name, task, c, m))).toList();
    }

    /** Constraint names in the order violations are reported; a violation mask has bit i for CONSTRAINTS[i]. */
    static final List<String> CONSTRAINTS = List.of("task", "deploymentMode", "commercialUse", "dataResidency",
            "maxP95LatencyMs", "maxCostPer1000Requests", "minContextWindow", "maxGpuMemoryGb", "approvedOnly");

    /** The names of the constraints the model violates. */
    static List<String> violatedConstraints(String task, Constraints c, Candidate m) {
        return names(violatedMask(task, c, m, m.p95LatencyMs() == null ? Double.NaN : m.p95LatencyMs(),
                m.costPer1000Requests() == null ? Double.NaN : m.costPer1000Requests()));
    }

    private static List<String> names(int mask) {
        List<String> names = new ArrayList<>(2);
        for (int bit = 0; bit < CONSTRAINTS.size(); bit++) {
            if ((mask & (1 << bit)) != 0) {
                names.add(CONSTRAINTS.get(bit));
            }
        }
        return names;
    }

    /** The violated constraints as a bit mask: run for every model on every call, so no allocation. */
    private static int violatedMask(String task, Constraints c, Candidate m, double p95, double cost) {
        int violated = 0;
        if (!m.tasks().contains(task)) {
            violated |= 1;
        }
        if (c.deploymentMode() != null && !m.deploymentModes().contains(c.deploymentMode())) {
            violated |= 1 << 1;
        }
        if (c.commercialUse() && !m.commercialUse()) {
            violated |= 1 << 2;
        }
        if (c.dataResidency() != null && !m.dataRegions().isEmpty() && !m.dataRegions().contains(c.dataResidency())) {
            violated |= 1 << 3;
        }
        // NaN (not measured) fails a limit too: a requirement cannot be met by a number nobody has
        if (c.maxP95LatencyMs() != null && !(p95 <= c.maxP95LatencyMs())) {
            violated |= 1 << 4;
        }
        if (c.maxCostPer1000Requests() != null && !(cost <= c.maxCostPer1000Requests())) {
            violated |= 1 << 5;
        }
        if (c.minContextWindow() != null && m.contextWindow() < c.minContextWindow()) {
            violated |= 1 << 6;
        }
        if (c.maxGpuMemoryGb() != null && m.gpuMemoryGb() != null && m.gpuMemoryGb() > c.maxGpuMemoryGb()) {
            violated |= 1 << 7;
        }
        if (c.approvedOnly() && !m.approved()) {
            violated |= 1 << 8;
        }
        return violated;
    }

    private static String reason(String constraint, String task, Constraints c, Candidate m) {
        return switch (constraint) {
            case "task" -> "does not support " + task + " (supports " + String.join(", ", new TreeSet<>(m.tasks())) + ")";
            case "deploymentMode" -> "cannot be deployed " + mode(c.deploymentMode()) + " (options: "
                    + String.join(", ", m.deploymentModes().stream().map(SelectionEngine::mode).sorted().toList()) + ")";
            case "commercialUse" -> "licence " + m.license() + " does not allow commercial use";
            case "dataResidency" -> "processes data in " + String.join(", ", new TreeSet<>(m.dataRegions()))
                    + ", not in " + c.dataResidency();
            case "maxP95LatencyMs" -> m.p95LatencyMs() == null ? "latency not measured yet; evaluate it first"
                    : String.format(Locale.ROOT, "p95 latency %.0f ms exceeds %.0f ms", m.p95LatencyMs(), c.maxP95LatencyMs());
            case "maxCostPer1000Requests" -> m.costPer1000Requests() == null
                    ? "no cost estimate (price or hardware profile missing)"
                    : String.format(Locale.ROOT, "costs $%.4f per 1,000 requests, above $%.4f", m.costPer1000Requests(),
                    c.maxCostPer1000Requests());
            case "minContextWindow" -> "context window " + m.contextWindow() + " tokens is below " + c.minContextWindow();
            case "maxGpuMemoryGb" -> String.format(Locale.ROOT, "needs %.1f GB of GPU memory, more than %.1f GB",
                    m.gpuMemoryGb(), c.maxGpuMemoryGb());
            case "approvedOnly" -> "not approved by governance";
            default -> throw new IllegalArgumentException("unknown constraint " + constraint);
        };
    }

    /**
     * Models no other model beats on quality, cost and latency at once (higher quality, lower
     * cost, lower latency; unknown counts as worst).
     */
    static Set<String> paretoOptimal(List<Candidate> eligible) {
        // skyline by presorting: whatever dominates a model sorts before it (better or equal quality,
        // then cost, then latency), and whatever dominates a dominated model is dominated by a skyline
        // member, so each model is only compared with the skyline found so far
        List<Candidate> sorted = new ArrayList<>(eligible);
        sorted.sort(Comparator.comparingDouble((Candidate m) -> -orWorst(m.quality(), -1))
                .thenComparingDouble(m -> orWorst(m.costPer1000Requests(), Double.MAX_VALUE))
                .thenComparingDouble(m -> orWorst(m.p95LatencyMs(), Double.MAX_VALUE)));
        List<Candidate> skyline = new ArrayList<>();
        for (Candidate candidate : sorted) {
            boolean dominated = false;
            for (Candidate optimal : skyline) {
                if (dominates(optimal, candidate)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                skyline.add(candidate);
            }
        }
        Set<String> optimal = new TreeSet<>();
        skyline.forEach(m -> optimal.add(m.modelId()));
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
