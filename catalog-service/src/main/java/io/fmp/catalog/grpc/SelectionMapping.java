package io.fmp.catalog.grpc;

import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.selection.Constraints;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.selection.Recommendation;
import io.fmp.catalog.selection.UseCaseProfile;
import io.fmp.catalog.selection.Weights;
import io.fmp.contracts.catalog.v1.ConstraintViolation;
import io.fmp.contracts.catalog.v1.CriterionScores;
import io.fmp.contracts.catalog.v1.ExcludedModel;
import io.fmp.contracts.catalog.v1.RankedModel;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.SelectionConstraints;

/** Use-case profiles and recommendations between protobuf and the selection domain. */
final class SelectionMapping {

    private SelectionMapping() {
    }

    static UseCaseProfile profile(RecommendRequest request) {
        var p = request.getProfile();
        SelectionConstraints c = p.getConstraints();
        DeploymentMode mode = ProtoEnums.deploymentMode(c.getDeploymentMode());
        Constraints constraints = new Constraints(mode, c.getCommercialUse(),
                c.getDataResidency().isBlank() ? null : c.getDataResidency(),
                c.hasMaxP95LatencyMs() ? c.getMaxP95LatencyMs() : null,
                c.hasMaxCostPer1000Requests() ? c.getMaxCostPer1000Requests() : null,
                c.hasMinContextWindow() ? c.getMinContextWindow() : null,
                c.hasMaxGpuMemoryGb() ? c.getMaxGpuMemoryGb() : null,
                c.getApprovedOnly());
        var w = p.getWeights();
        return new UseCaseProfile(p.getName(), p.getTask(), constraints,
                new Weights(w.getQuality(), w.getSpeed(), w.getCost(), w.getRisk()),
                p.getQualitySuite().isBlank() ? null : p.getQualitySuite());
    }

    static Workload workload(RecommendRequest request) {
        var p = request.getProfile();
        if (!p.hasWorkload()) {
            return null;
        }
        return new Workload(p.getWorkload().getRequestsPerMonth(), p.getWorkload().getInputTokens(),
                p.getWorkload().getOutputTokens());
    }

    static io.fmp.contracts.catalog.v1.Recommendation toProto(Recommendation recommendation) {
        var proto = io.fmp.contracts.catalog.v1.Recommendation.newBuilder()
                .addAllParetoOptimal(recommendation.paretoOptimal())
                .setRankedTotal(recommendation.rankedTotal())
                .setExcludedTotal(recommendation.excludedTotal())
                .putAllExcludedByConstraint(recommendation.excludedByConstraint());
        for (Recommendation.Ranked ranked : recommendation.ranked()) {
            var s = ranked.scores();
            proto.addRanked(RankedModel.newBuilder()
                    .setRank(ranked.rank())
                    .setModelId(ranked.candidate().modelId())
                    .setName(ranked.candidate().name())
                    .setVersion(ranked.candidate().version())
                    .setValue(ranked.value())
                    .setScores(CriterionScores.newBuilder().setQuality(s.quality()).setSpeed(s.speed())
                            .setCost(s.cost()).setRisk(s.risk()))
                    .setParetoOptimal(ranked.paretoOptimal())
                    .setExplanation(ranked.explanation()));
        }
        for (Recommendation.Exclusion exclusion : recommendation.excluded()) {
            ExcludedModel.Builder excluded = ExcludedModel.newBuilder()
                    .setModelId(exclusion.candidate().modelId())
                    .setName(exclusion.candidate().name())
                    .setVersion(exclusion.candidate().version());
            exclusion.violations().forEach(v -> excluded.addViolations(
                    ConstraintViolation.newBuilder().setConstraint(v.constraint()).setReason(v.reason())));
            proto.addExcluded(excluded);
        }
        return proto.build();
    }
}
