package io.fmp.gateway.selection;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.downstream.CatalogClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Model selection: recommendations, and the sizing and cost estimates behind them. */
@Allowed(Role.VIEWER)
@Path("/api/v1/selection")
@Tag(name = "selection", description = "Recommendations for a use case; GPU fit, TCO and energy estimates")
public class SelectionResource {

    @Inject
    CatalogClient catalog;

    @POST
    @Path("/recommendations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recommendModels", summary = "Rank the catalog's models for a use case",
            description = "Transparent value score from weighted quality, speed, cost and risk scores, with an "
                    + "explanation per model, the Pareto-optimal set, and every excluded model with each constraint "
                    + "it violates. Quality and latency come from eval.completed results on the quality suite. "
                    + "limit cuts the ranked list and excludedLimit the excluded one; rankedTotal, excludedTotal and "
                    + "excludedByConstraint always count every model.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecommendationJson.UseCaseRequest.class),
            examples = @ExampleObject(name = "banking77", value = """
                    {"name": "route banking customer queries", "task": "text-classification",
                     "constraints": {"deploymentMode": "on-prem", "commercialUse": true, "maxP95LatencyMs": 50},
                     "weights": {"quality": 0.5, "speed": 0.2, "cost": 0.2, "risk": 0.1},
                     "qualitySuite": "banking77-intent",
                     "workload": {"requestsPerMonth": 1000000, "inputTokens": 30, "outputTokens": 1}}""")))
    public Uni<RecommendationJson.Response> recommend(RecommendationJson.UseCaseRequest body) {
        return catalog.recommend(body.proto()).map(RecommendationJson.Response::of);
    }

    @POST
    @Path("/fit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "estimateFit", summary = "GPU memory a model needs and which GPU profiles hold it",
            description = "Weights at fp16/int8/int4 plus the KV cache for a context and batch, plus runtime overhead.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EstimateRequests.FitRequest.class),
            examples = @ExampleObject(name = "llama-3.1-8b", value = """
                    {"shape": {"parameterCount": 8030000000, "layers": 32, "kvHeads": 8, "headDim": 128},
                     "precision": "fp16", "contextTokens": 8192, "batchSize": 1}""")))
    public Uni<EstimateResponses.Fit> fit(EstimateRequests.FitRequest body) {
        return catalog.estimateFit(body.proto()).map(EstimateResponses.Fit::of);
    }

    @POST
    @Path("/cost")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "estimateCost",
            summary = "Monthly cost of a workload: pay-per-token API or self-hosted GPUs, with energy and CO2")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EstimateRequests.CostRequest.class),
            examples = {
                    @ExampleObject(name = "api", value = """
                            {"workload": {"requestsPerMonth": 1000000, "inputTokens": 500, "outputTokens": 200},
                             "api": {"usdPerMillionInput": 2.50, "usdPerMillionOutput": 10.00}}"""),
                    @ExampleObject(name = "self-hosted", value = """
                            {"workload": {"requestsPerMonth": 1000000, "inputTokens": 500, "outputTokens": 200},
                             "selfHosted": {"gpusPerReplica": 1, "gpuHourlyUsd": 2.0, "gpuPowerWatts": 700,
                               "tokensPerSecond": 2500, "targetUtilisation": 0.6, "pue": 1.2, "gridGramsCo2PerKwh": 400}}""")}))
    public Uni<EstimateResponses.Cost> cost(EstimateRequests.CostRequest body) {
        return catalog.estimateCost(body.proto()).map(EstimateResponses.Cost::of);
    }
}
