package io.fmp.catalog.selection;

import io.fmp.catalog.costing.TcoEstimator;
import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.evaluations.Evaluation;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.ModelFacts;
import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.catalog.sizing.SelfHostedFootprint;

/**
 * Turns a catalog entry into what the engine weighs for one use case. Self-hosted models: GPU
 * memory and the monthly cost of one always-on replica from their {@link SelfHostedFootprint},
 * spread over the use case's monthly requests. Hosted APIs: no GPUs; cost from the list price.
 * Approved means the lifecycle state approved, which only governance decisions set.
 */
public final class CandidateFactory {

    private CandidateFactory() {
    }

    /**
     * @param qualitySuite the use case's eval suite, null when it names none (quality then unknown)
     * @param workload     null when the use case gave none (cost then unknown)
     */
    public static Candidate of(CatalogEntry entry, String qualitySuite, Workload workload) {
        ModelFacts facts = entry.card().facts();
        Evaluation evaluation = qualitySuite == null ? null : entry.evaluations().get(qualitySuite);
        SelfHostedFootprint footprint = entry.footprint();
        Double costPer1000 = null;
        if (workload != null) {
            if (facts.apiPrice() != null) {
                costPer1000 = TcoEstimator.api(workload, facts.apiPrice().usdPerMillionInput(),
                        facts.apiPrice().usdPerMillionOutput()).usdPer1000Requests();
            } else if (footprint != null && footprint.monthlyUsd() != null) {
                costPer1000 = footprint.monthlyUsd() / (workload.requestsPerMonth() / 1000.0);
            }
        }
        return new Candidate(entry.id(), entry.card().name(), entry.card().version(),
                entry.card().tasks(), facts.deploymentOptions(), facts.dataRegions(),
                entry.card().license(), entry.commercialUse(), entry.card().contextWindow(),
                footprint == null ? null : footprint.gpuMemoryGb(), entry.state() == LifecycleState.APPROVED,
                evaluation == null ? null : evaluation.value(), evaluation == null ? null : evaluation.p95LatencyMs(),
                costPer1000, facts.trainingData(), facts.ipIndemnity());
    }
}
