package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.SelectionConstraints;
import io.fmp.contracts.catalog.v1.SelectionWeights;
import io.fmp.contracts.catalog.v1.UseCaseProfile;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.gateway.validation.ApiWords;
import io.fmp.gateway.validation.JsonObjectReader;

import java.util.List;
import java.util.Set;

/** A use-case profile from JSON, and the recommendation back to JSON. */
final class RecommendationJson {

    private RecommendationJson() {
    }

    static RecommendRequest read(String body) {
        JsonObjectReader reader = JsonObjectReader.parse(body,
                Set.of("name", "task", "constraints", "weights", "qualitySuite", "workload", "limit", "excludedLimit"));
        Integer limit = reader.optionalInteger("limit");
        Integer excludedLimit = reader.optionalInteger("excludedLimit");
        String name = reader.optionalString("name");
        String task = reader.requiredString("task");
        String suite = reader.optionalString("qualitySuite");
        JsonObjectReader c = reader.optionalObject("constraints", Set.of("deploymentMode", "commercialUse",
                "dataResidency", "maxP95LatencyMs", "maxCostPer1000Requests", "minContextWindow", "maxGpuMemoryGb",
                "approvedOnly"));
        SelectionConstraints.Builder constraints = SelectionConstraints.newBuilder();
        if (c != null) {
            DeploymentOption mode = c.optionalEnum("deploymentMode", ApiWords.DEPLOYMENT_OPTIONS);
            if (mode != null) {
                constraints.setDeploymentMode(mode);
            }
            constraints.setCommercialUse(c.optionalBoolean("commercialUse"));
            String residency = c.optionalString("dataResidency");
            if (residency != null) {
                constraints.setDataResidency(residency);
            }
            Double latency = c.optionalDouble("maxP95LatencyMs");
            if (latency != null) {
                constraints.setMaxP95LatencyMs(latency);
            }
            Double cost = c.optionalDouble("maxCostPer1000Requests");
            if (cost != null) {
                constraints.setMaxCostPer1000Requests(cost);
            }
            Integer context = c.optionalInteger("minContextWindow");
            if (context != null) {
                constraints.setMinContextWindow(context);
            }
            Double gpuMemory = c.optionalDouble("maxGpuMemoryGb");
            if (gpuMemory != null) {
                constraints.setMaxGpuMemoryGb(gpuMemory);
            }
            constraints.setApprovedOnly(c.optionalBoolean("approvedOnly"));
        }
        JsonObjectReader w = reader.requiredObject("weights", Set.of("quality", "speed", "cost", "risk"));
        SelectionWeights.Builder weights = SelectionWeights.newBuilder();
        if (w != null) {
            weights.setQuality(orZero(w.optionalDouble("quality"))).setSpeed(orZero(w.optionalDouble("speed")))
                    .setCost(orZero(w.optionalDouble("cost"))).setRisk(orZero(w.optionalDouble("risk")));
        }
        JsonObjectReader load = reader.optionalObject("workload", Set.of("requestsPerMonth", "inputTokens", "outputTokens"));
        Long requests = load == null ? null : load.requiredLong("requestsPerMonth");
        Integer input = load == null ? null : load.requiredInt("inputTokens");
        Integer output = load == null ? null : load.requiredInt("outputTokens");
        reader.requireValid();
        UseCaseProfile.Builder profile = UseCaseProfile.newBuilder().setTask(task).setConstraints(constraints)
                .setWeights(weights);
        if (name != null) {
            profile.setName(name);
        }
        if (suite != null) {
            profile.setQualitySuite(suite);
        }
        if (load != null) {
            profile.setWorkload(Workload.newBuilder().setRequestsPerMonth(requests).setInputTokens(input)
                    .setOutputTokens(output));
        }
        RecommendRequest.Builder request = RecommendRequest.newBuilder().setProfile(profile);
        if (limit != null) {
            request.setLimit(limit);
        }
        if (excludedLimit != null) {
            request.setExcludedLimit(excludedLimit);
        }
        return request.build();
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    public record Scores(double quality, double speed, double cost, double risk) {
    }

    public record Ranked(int rank, String modelId, String name, String version, double value, Scores scores,
                         boolean paretoOptimal, String explanation) {
    }

    public record Violation(String constraint, String reason) {
    }

    public record Excluded(String modelId, String name, String version, List<Violation> violations) {
    }

    /**
     * @param rankedTotal          every eligible model, also those beyond limit
     * @param excludedByConstraint constraint -> how many models it excluded
     */
    public record Response(List<Ranked> ranked, List<String> paretoOptimal, List<Excluded> excluded, int rankedTotal,
                           int excludedTotal, java.util.Map<String, Integer> excludedByConstraint) {

        static Response of(Recommendation r) {
            return new Response(
                    r.getRankedList().stream().map(m -> new Ranked(m.getRank(), m.getModelId(), m.getName(),
                            m.getVersion(), m.getValue(), new Scores(m.getScores().getQuality(), m.getScores().getSpeed(),
                            m.getScores().getCost(), m.getScores().getRisk()), m.getParetoOptimal(),
                            m.getExplanation())).toList(),
                    r.getParetoOptimalList(),
                    r.getExcludedList().stream().map(e -> new Excluded(e.getModelId(), e.getName(), e.getVersion(),
                            e.getViolationsList().stream().map(v -> new Violation(v.getConstraint(), v.getReason()))
                                    .toList())).toList(),
                    r.getRankedTotal(), r.getExcludedTotal(), new java.util.TreeMap<>(r.getExcludedByConstraintMap()));
        }
    }
}
