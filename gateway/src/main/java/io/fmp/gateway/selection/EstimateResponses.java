package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.FitEstimate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The estimates as the REST API shows them. */
final class EstimateResponses {

    private EstimateResponses() {
    }

    /** @param gpuCount how many of this GPU (or MIG slice) one replica needs; 0 when it does not fit */
    public record GpuOption(String gpu, double memoryGb, String resource, String product, boolean migSlice,
                            int gpuCount, boolean fits, double memoryUsedFraction) {
    }

    @Schema(name = "FitEstimate")
    public record Fit(double weightsGb, double kvCacheGb, double overheadGb, double totalGb, boolean kvCacheEstimated,
                      List<GpuOption> options) {

        static Fit of(FitEstimate e) {
            return new Fit(e.getWeightsGb(), e.getKvCacheGb(), e.getOverheadGb(), e.getTotalGb(), e.getKvCacheEstimated(),
                    e.getOptionsList().stream().map(o -> new GpuOption(o.getGpu(), o.getMemoryGb(), o.getResource(),
                            o.getProduct(), o.getMigSlice(), o.getGpuCount(), o.getGpuCount() > 0,
                            o.getMemoryUsedFraction())).toList());
        }
    }

    @Schema(name = "CostEstimate")
    public record Cost(double monthlyUsd, double usdPerMillionTokens, double usdPer1000Requests, int replicas,
                       double gpuHours, double energyKwh, double co2Kg) {

        static Cost of(CostEstimate e) {
            return new Cost(e.getMonthlyUsd(), e.getUsdPerMillionTokens(), e.getUsdPer1000Requests(), e.getReplicas(),
                    e.getGpuHours(), e.getEnergyKwh(), e.getCo2Kg());
        }
    }
}
