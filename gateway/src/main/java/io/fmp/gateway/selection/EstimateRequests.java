package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.Precision;
import io.fmp.contracts.catalog.v1.SelfHosting;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.gateway.validation.JsonObjectReader;

import java.util.Locale;
import java.util.Set;

/**
 * Reads the JSON bodies of the estimate endpoints into the catalog's requests. Syntax and types
 * are checked here; value ranges by the catalog, which names the same field paths.
 */
final class EstimateRequests {

    private EstimateRequests() {
    }

    static EstimateFitRequest fit(String body) {
        JsonObjectReader reader = JsonObjectReader.parse(body, Set.of("shape", "precision", "contextTokens", "batchSize"));
        JsonObjectReader shape = reader.requiredObject("shape", Set.of("parameterCount", "layers", "kvHeads", "headDim"));
        Long parameterCount = shape == null ? null : shape.requiredLong("parameterCount");
        Integer layers = shape == null ? null : shape.optionalInt("layers", 0);
        Integer kvHeads = shape == null ? null : shape.optionalInt("kvHeads", 0);
        Integer headDim = shape == null ? null : shape.optionalInt("headDim", 0);
        String precisionName = reader.requiredString("precision");
        Precision precision = null;
        if (precisionName != null) {
            precision = switch (precisionName.toUpperCase(Locale.ROOT)) {
                case "FP16" -> Precision.FP16;
                case "INT8" -> Precision.INT8;
                case "INT4" -> Precision.INT4;
                default -> null;
            };
            if (precision == null) {
                reader.reject("precision", "must be fp16, int8 or int4, was " + precisionName);
            }
        }
        Integer contextTokens = reader.requiredInt("contextTokens");
        Integer batchSize = reader.optionalInt("batchSize", 1);
        reader.requireValid();
        return EstimateFitRequest.newBuilder()
                .setShape(ModelShape.newBuilder().setParameterCount(parameterCount).setLayers(layers)
                        .setKvHeads(kvHeads).setHeadDim(headDim))
                .setPrecision(precision)
                .setContextTokens(contextTokens)
                .setBatchSize(batchSize)
                .build();
    }

    static EstimateCostRequest cost(String body) {
        JsonObjectReader reader = JsonObjectReader.parse(body, Set.of("workload", "api", "selfHosted"));
        JsonObjectReader workload = reader.requiredObject("workload",
                Set.of("requestsPerMonth", "inputTokens", "outputTokens"));
        Long requests = workload == null ? null : workload.requiredLong("requestsPerMonth");
        Integer input = workload == null ? null : workload.requiredInt("inputTokens");
        Integer output = workload == null ? null : workload.requiredInt("outputTokens");
        if (reader.present("api") == reader.present("selfHosted")) {
            reader.reject("api", "give exactly one of api (pay per token) and selfHosted (own GPUs)");
        }
        JsonObjectReader api = reader.optionalObject("api", Set.of("usdPerMillionInput", "usdPerMillionOutput"));
        Double priceIn = api == null ? null : api.requiredDouble("usdPerMillionInput");
        Double priceOut = api == null ? null : api.requiredDouble("usdPerMillionOutput");
        JsonObjectReader hosted = reader.optionalObject("selfHosted", Set.of("gpusPerReplica", "gpuHourlyUsd",
                "gpuPowerWatts", "tokensPerSecond", "targetUtilisation", "pue", "gridGramsCo2PerKwh"));
        SelfHosting selfHosting = hosted == null ? null : selfHosting(hosted);
        reader.requireValid();
        EstimateCostRequest.Builder request = EstimateCostRequest.newBuilder()
                .setWorkload(Workload.newBuilder().setRequestsPerMonth(requests).setInputTokens(input)
                        .setOutputTokens(output));
        if (api != null) {
            request.setApi(ApiPricing.newBuilder().setUsdPerMillionInput(priceIn).setUsdPerMillionOutput(priceOut));
        } else {
            request.setSelfHosted(selfHosting);
        }
        return request.build();
    }

    /** Null when a field is missing or mistyped (the reader has recorded why). */
    private static SelfHosting selfHosting(JsonObjectReader hosted) {
        Integer gpus = hosted.requiredInt("gpusPerReplica");
        Double hourly = hosted.requiredDouble("gpuHourlyUsd");
        Double watts = hosted.requiredDouble("gpuPowerWatts");
        Double tokensPerSecond = hosted.requiredDouble("tokensPerSecond");
        Double utilisation = hosted.requiredDouble("targetUtilisation");
        Double pue = hosted.requiredDouble("pue");
        Double grid = hosted.requiredDouble("gridGramsCo2PerKwh");
        if (gpus == null || hourly == null || watts == null || tokensPerSecond == null || utilisation == null
                || pue == null || grid == null) {
            return null;
        }
        return SelfHosting.newBuilder().setGpusPerReplica(gpus).setGpuHourlyUsd(hourly).setGpuPowerWatts(watts)
                .setTokensPerSecond(tokensPerSecond).setTargetUtilisation(utilisation).setPue(pue)
                .setGridGramsCo2PerKwh(grid).build();
    }
}
