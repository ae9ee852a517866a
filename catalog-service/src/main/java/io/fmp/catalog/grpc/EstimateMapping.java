package io.fmp.catalog.grpc;

import io.fmp.catalog.costing.SelfHosting;
import io.fmp.catalog.costing.TcoEstimator;
import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.sizing.GpuFitEstimator;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.catalog.sizing.Precision;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.GpuOption;
import io.fmp.contracts.errors.InvalidInputException;

/** Protobuf in and out of the sizing and costing estimators. */
final class EstimateMapping {

    private EstimateMapping() {
    }

    static FitEstimate fit(EstimateFitRequest request) {
        var shape = request.getShape();
        Precision precision = switch (request.getPrecision()) {
            case FP16 -> Precision.FP16;
            case INT8 -> Precision.INT8;
            case INT4 -> Precision.INT4;
            default -> null;
        };
        var estimate = GpuFitEstimator.estimate(new ModelShape(shape.getParameterCount(), shape.getLayers(),
                shape.getKvHeads(), shape.getHeadDim()), precision, request.getContextTokens(), request.getBatchSize());
        FitEstimate.Builder proto = FitEstimate.newBuilder()
                .setWeightsGb(estimate.weightsGb())
                .setKvCacheGb(estimate.kvCacheGb())
                .setOverheadGb(estimate.overheadGb())
                .setTotalGb(estimate.totalGb())
                .setKvCacheEstimated(estimate.kvCacheEstimated());
        for (var option : estimate.options()) {
            proto.addOptions(GpuOption.newBuilder()
                    .setGpu(option.gpu().name())
                    .setMemoryGb(option.gpu().memoryGb())
                    .setResource(option.gpu().resource())
                    .setProduct(option.gpu().product())
                    .setMigSlice(option.gpu().migSlice())
                    .setPowerWatts(option.gpu().powerWatts())
                    .setUsdPerHour(option.gpu().usdPerHour())
                    .setGpuCount(option.gpuCount())
                    .setMemoryUsedFraction(option.memoryUsedFraction()));
        }
        return proto.build();
    }

    static CostEstimate cost(EstimateCostRequest request) {
        var w = request.getWorkload();
        Workload workload = new Workload(w.getRequestsPerMonth(), w.getInputTokens(), w.getOutputTokens());
        var estimate = switch (request.getPricingCase()) {
            case API -> TcoEstimator.api(workload, request.getApi().getUsdPerMillionInput(),
                    request.getApi().getUsdPerMillionOutput());
            case SELF_HOSTED -> {
                var h = request.getSelfHosted();
                yield TcoEstimator.selfHosted(workload, new SelfHosting(h.getGpusPerReplica(), h.getGpuHourlyUsd(),
                        h.getGpuPowerWatts(), h.getTokensPerSecond(), h.getTargetUtilisation(), h.getPue(),
                        h.getGridGramsCo2PerKwh()));
            }
            case PRICING_NOT_SET -> throw new InvalidInputException("pricing", "set either api or selfHosted");
        };
        return CostEstimate.newBuilder()
                .setMonthlyUsd(estimate.monthlyUsd())
                .setUsdPerMillionTokens(estimate.usdPerMillionTokens())
                .setUsdPer1000Requests(estimate.usdPer1000Requests())
                .setReplicas(estimate.replicas())
                .setGpuHours(estimate.gpuHours())
                .setEnergyKwh(estimate.energyKwh())
                .setCo2Kg(estimate.co2Kg())
                .build();
    }
}
