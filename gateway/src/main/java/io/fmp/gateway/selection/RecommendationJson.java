package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.SelectionConstraints;
import io.fmp.contracts.catalog.v1.SelectionWeights;
import io.fmp.contracts.catalog.v1.UseCaseProfile;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonBinder;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A use-case profile from JSON, and the recommendation back to JSON. */
final class RecommendationJson {

    private RecommendationJson() {
    }

    /** Reads and checks a use-case profile, naming every bad field at once. */
    static RecommendRequest read(String body) {
        return JsonBinder.bind(body, UseCaseRequest.class).proto();
    }

    /** A use case to choose a model for. */
    @Schema(name = "UseCaseProfile", description = "A use case to choose a model for")
    public record UseCaseRequest(
            @Schema(description = "Shown in explanations", example = "route banking customer queries") String name,
            @Schema(required = true, description = "Hugging Face pipeline tag", example = "text-classification")
            String task,
            Constraints constraints,
            @Schema(required = true) Weights weights,
            @Schema(description = "The suite whose results are the quality score", example = "banking77-intent")
            String qualitySuite,
            Workload workload,
            @Schema(description = "Ranked models listed, 1-1000", defaultValue = "20") Integer limit,
            @Schema(description = "Excluded models listed, 0-10000", defaultValue = "50") Integer excludedLimit)
            implements JsonRequest {

        RecommendRequest proto() {
            UseCaseProfile.Builder profile = UseCaseProfile.newBuilder().setTask(task).setWeights(weights.proto())
                    .setConstraints(constraints == null ? SelectionConstraints.getDefaultInstance() : constraints.proto());
            if (name != null) {
                profile.setName(name);
            }
            if (qualitySuite != null) {
                profile.setQualitySuite(qualitySuite);
            }
            if (workload != null) {
                profile.setWorkload(workload.proto());
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
    }

    /** Hard requirements: a model that misses one is excluded, with the reason. */
    @Schema(name = "SelectionConstraints")
    public record Constraints(ApiEnums.DeploymentOption deploymentMode, boolean commercialUse,
                              @Schema(example = "EU") String dataResidency, Double maxP95LatencyMs,
                              Double maxCostPer1000Requests, Integer minContextWindow, Double maxGpuMemoryGb,
                              @Schema(description = "Only models governance approved") boolean approvedOnly) {

        SelectionConstraints proto() {
            SelectionConstraints.Builder c = SelectionConstraints.newBuilder().setCommercialUse(commercialUse)
                    .setApprovedOnly(approvedOnly);
            if (deploymentMode != null) {
                c.setDeploymentMode(ApiEnums.toProto(deploymentMode, io.fmp.contracts.catalog.v1.DeploymentOption.class));
            }
            if (dataResidency != null) {
                c.setDataResidency(dataResidency);
            }
            if (maxP95LatencyMs != null) {
                c.setMaxP95LatencyMs(maxP95LatencyMs);
            }
            if (maxCostPer1000Requests != null) {
                c.setMaxCostPer1000Requests(maxCostPer1000Requests);
            }
            if (minContextWindow != null) {
                c.setMinContextWindow(minContextWindow);
            }
            if (maxGpuMemoryGb != null) {
                c.setMaxGpuMemoryGb(maxGpuMemoryGb);
            }
            return c.build();
        }
    }

    /** How much each criterion counts; they need not add up to 1. */
    @Schema(name = "SelectionWeights")
    public record Weights(Double quality, Double speed, Double cost, Double risk) {

        SelectionWeights proto() {
            return SelectionWeights.newBuilder().setQuality(orZero(quality)).setSpeed(orZero(speed))
                    .setCost(orZero(cost)).setRisk(orZero(risk)).build();
        }
    }

    /** Traffic a cost is estimated for. */
    public record Workload(@Schema(required = true) long requestsPerMonth, @Schema(required = true) int inputTokens,
                           @Schema(required = true) int outputTokens) {

        io.fmp.contracts.catalog.v1.Workload proto() {
            return io.fmp.contracts.catalog.v1.Workload.newBuilder().setRequestsPerMonth(requestsPerMonth)
                    .setInputTokens(inputTokens).setOutputTokens(outputTokens).build();
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    @Schema(name = "CriterionScores")
    public record Scores(double quality, double speed, double cost, double risk) {
    }

    @Schema(name = "RankedModel")
    public record Ranked(int rank, String modelId, String name, String version, double value, Scores scores,
                         boolean paretoOptimal, String explanation) {
    }

    @Schema(name = "ConstraintViolation")
    public record Violation(String constraint, String reason) {
    }

    @Schema(name = "ExcludedModel")
    public record Excluded(String modelId, String name, String version, List<Violation> violations) {
    }

    /**
     * @param rankedTotal          every eligible model, also those beyond limit
     * @param excludedByConstraint constraint -> how many models it excluded
     */
    @Schema(name = "Recommendation")
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
