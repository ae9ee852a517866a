package io.fmp.catalog.sizing;

import io.fmp.catalog.costing.TcoEstimator;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.model.ModelFacts;

import java.util.Comparator;

/**
 * What one always-on self-hosted replica of a model needs: serving memory from the fit estimate
 * (fp16, the card's context up to 8,192 tokens, batch 1) and its monthly GPU cost, on the card's
 * hardware profile if it names one, else on the cheapest GPU profile that holds the model, at the
 * profile's default hourly price. Hosted APIs have no footprint.
 *
 * @param monthlyUsd null when no profile holds the model on 8 GPUs
 */
public record SelfHostedFootprint(double gpuMemoryGb, Double monthlyUsd) {

    public static final int SIZING_CONTEXT_LIMIT = 8192;

    /** Null for a hosted API (a card with a list price). */
    public static SelfHostedFootprint of(ModelCardSpec card) {
        ModelFacts facts = card.facts();
        if (facts.apiPrice() != null) {
            return null;
        }
        ModelShape shape = facts.shape() != null ? facts.shape() : new ModelShape(card.parameterCount(), 0, 0, 0);
        FitEstimate fit = GpuFitEstimator.estimate(shape, Precision.FP16,
                Math.min(card.contextWindow(), SIZING_CONTEXT_LIMIT), 1);
        Double monthly;
        if (facts.hardware() != null) {
            monthly = GpuProfile.named(facts.hardware().gpu())
                    .map(gpu -> facts.hardware().gpuCount() * gpu.usdPerHour() * TcoEstimator.HOURS_PER_MONTH).orElse(null);
        } else {
            monthly = fit.options().stream().filter(FitEstimate.Option::fits)
                    .map(o -> o.gpuCount() * o.gpu().usdPerHour() * TcoEstimator.HOURS_PER_MONTH)
                    .min(Comparator.naturalOrder())
                    .orElse(null);
        }
        return new SelfHostedFootprint(fit.totalGb(), monthly);
    }
}
