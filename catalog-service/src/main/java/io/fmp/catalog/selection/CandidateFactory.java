package io.fmp.catalog.selection;

import io.fmp.catalog.costing.TcoEstimator;
import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.model.ModelFacts;
import io.fmp.catalog.sizing.FitEstimate;
import io.fmp.catalog.sizing.GpuFitEstimator;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.catalog.sizing.Precision;

import java.util.Comparator;

/**
 * Turns a catalog card plus its latest evaluation into what the engine weighs.
 * Self-hosted models: GPU memory from the fit estimate (fp16, the card's context up to 8,192
 * tokens, batch 1) and cost from one always-on replica on the cheapest GPU profile that holds it,
 * at the profile's default hourly price. Hosted APIs: no GPUs; cost from the list price.
 */
public final class CandidateFactory {

    static final int SIZING_CONTEXT_LIMIT = 8192;

    private CandidateFactory() {
    }

    /**
     * @param quality  latest metric on the use case's suite, null if not evaluated
     * @param workload null when the use case gave none (cost then unknown)
     */
    public static Candidate of(String modelId, ModelCardSpec card, boolean commercialUse, boolean approved,
                               Double quality, Double p95LatencyMs, Workload workload) {
        ModelFacts facts = card.facts();
        Double gpuMemoryGb = null;
        Double costPer1000 = null;
        if (facts.apiPrice() != null) {
            if (workload != null) {
                costPer1000 = TcoEstimator.api(workload, facts.apiPrice().usdPerMillionInput(),
                        facts.apiPrice().usdPerMillionOutput()).usdPer1000Requests();
            }
        } else {
            ModelShape shape = facts.shape() != null ? facts.shape() : new ModelShape(card.parameterCount(), 0, 0, 0);
            FitEstimate fit = GpuFitEstimator.estimate(shape, Precision.FP16,
                    Math.min(card.contextWindow(), SIZING_CONTEXT_LIMIT), 1);
            gpuMemoryGb = fit.totalGb();
            if (workload != null) {
                costPer1000 = fit.options().stream().filter(FitEstimate.Option::fits)
                        .map(o -> o.gpuCount() * o.gpu().usdPerHour() * TcoEstimator.HOURS_PER_MONTH)
                        .min(Comparator.naturalOrder())
                        .map(monthly -> monthly / (workload.requestsPerMonth() / 1000.0))
                        .orElse(null);
            }
        }
        return new Candidate(modelId, card.name(), card.version(), java.util.Set.copyOf(card.tasks()),
                facts.deploymentOptions(), facts.dataRegions(), card.license(), commercialUse,
                card.contextWindow(), gpuMemoryGb, approved, quality, p95LatencyMs, costPer1000,
                facts.trainingData(), facts.ipIndemnity());
    }
}
