package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.SelfHosting;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonBinder;
import io.fmp.gateway.validation.JsonObjectReader;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the estimate endpoints. Syntax and types are checked here; value ranges by the
 * catalog, which names the same field paths.
 */
final class EstimateRequests {

    private EstimateRequests() {
    }

    static EstimateFitRequest fit(String body) {
        return JsonBinder.bind(body, FitRequest.class).proto();
    }

    static EstimateCostRequest cost(String body) {
        return JsonBinder.bind(body, CostRequest.class).proto();
    }

    /** A model's size and attention shape (the shape sizes the KV cache; without it, it is estimated). */
    @Schema(name = "FitShape")
    public record Shape(@Schema(required = true) long parameterCount, Integer layers, Integer kvHeads, Integer headDim) {
    }

    @Schema(name = "FitRequest")
    public record FitRequest(@Schema(required = true) Shape shape,
                             @Schema(required = true) ApiEnums.Precision precision,
                             @Schema(required = true) int contextTokens,
                             @Schema(defaultValue = "1") Integer batchSize) implements JsonRequest {

        EstimateFitRequest proto() {
            return EstimateFitRequest.newBuilder()
                    .setShape(ModelShape.newBuilder().setParameterCount(shape.parameterCount())
                            .setLayers(orZero(shape.layers())).setKvHeads(orZero(shape.kvHeads()))
                            .setHeadDim(orZero(shape.headDim())))
                    .setPrecision(ApiEnums.toProto(precision, io.fmp.contracts.catalog.v1.Precision.class))
                    .setContextTokens(contextTokens).setBatchSize(batchSize == null ? 1 : batchSize).build();
        }
    }

    /** Price of a pay-per-token API. */
    @Schema(name = "TokenPrice")
    public record Price(@Schema(required = true) double usdPerMillionInput,
                        @Schema(required = true) double usdPerMillionOutput) {
    }

    /** What serving on own GPUs costs and emits. */
    public record SelfHosted(@Schema(required = true) int gpusPerReplica, @Schema(required = true) double gpuHourlyUsd,
                             @Schema(required = true) double gpuPowerWatts,
                             @Schema(required = true) double tokensPerSecond,
                             @Schema(required = true, description = "0-1") double targetUtilisation,
                             @Schema(required = true, description = "Power usage effectiveness") double pue,
                             @Schema(required = true) double gridGramsCo2PerKwh) {
    }

    /** Exactly one of api and selfHosted. */
    @Schema(name = "CostRequest", description = "A workload and how it is served: exactly one of api and selfHosted")
    public record CostRequest(@Schema(required = true) RecommendationJson.Workload workload, Price api,
                              SelfHosted selfHosted)
            implements JsonRequest {

        static void rules(JsonObjectReader body) {
            if (body.present("api") == body.present("selfHosted")) {
                body.reject("api", "give exactly one of api (pay per token) and selfHosted (own GPUs)");
            }
        }

        EstimateCostRequest proto() {
            EstimateCostRequest.Builder request = EstimateCostRequest.newBuilder().setWorkload(workload.proto());
            if (api != null) {
                request.setApi(ApiPricing.newBuilder().setUsdPerMillionInput(api.usdPerMillionInput())
                        .setUsdPerMillionOutput(api.usdPerMillionOutput()));
            } else {
                request.setSelfHosted(SelfHosting.newBuilder().setGpusPerReplica(selfHosted.gpusPerReplica())
                        .setGpuHourlyUsd(selfHosted.gpuHourlyUsd()).setGpuPowerWatts(selfHosted.gpuPowerWatts())
                        .setTokensPerSecond(selfHosted.tokensPerSecond())
                        .setTargetUtilisation(selfHosted.targetUtilisation()).setPue(selfHosted.pue())
                        .setGridGramsCo2PerKwh(selfHosted.gridGramsCo2PerKwh()));
            }
            return request.build();
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
