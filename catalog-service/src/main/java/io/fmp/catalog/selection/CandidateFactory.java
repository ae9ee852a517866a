package io.fmp.catalog.selection;

import io.fmp.catalog.costing.TcoEstimator;
import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.evaluations.Evaluation;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.ModelFacts;
import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.catalog.sizing.SelfHostedFootprint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Turns catalog entries into what the engine weighs for one use case, in two steps: a
 * {@link Template} per entry with everything that does not depend on the use case (built once per
 * catalog snapshot), then per request the measurements on the use case's suite and the cost of its
 * workload. Self-hosted models: GPU memory and the monthly cost of one always-on replica from their
 * {@link SelfHostedFootprint}, spread over the workload's monthly requests. Hosted APIs: no GPUs;
 * cost from the list price. Approved means lifecycle state approved, which only governance sets.
 */
public final class CandidateFactory {

    /**
     * The use-case-independent part of a candidate.
     *
     * @param usdPerMillionInput null for self-hosted models
     * @param monthlyUsd         one replica's GPUs per month; null for APIs or when no GPU profile holds it
     */
    public record Template(Candidate base, Double usdPerMillionInput, Double usdPerMillionOutput, Double monthlyUsd) {
    }

    private CandidateFactory() {
    }

    /**
     * Copies what the engine reads into fresh objects, so the templates of a snapshot (built in one
     * go) sit together in memory and a scan over all of them does not chase pointers across the heap.
     */
    public static Template template(CatalogEntry entry) {
        ModelFacts facts = entry.card().facts();
        SelfHostedFootprint footprint = entry.footprint();
        Candidate base = new Candidate(new String(entry.id()), entry.card().name(), entry.card().version(),
                List.copyOf(new ArrayList<>(entry.card().tasks())), java.util.Set.copyOf(new HashSet<>(facts.deploymentOptions())),
                java.util.Set.copyOf(new HashSet<>(facts.dataRegions())), entry.card().license(), entry.commercialUse(),
                entry.card().contextWindow(), footprint == null ? null : footprint.gpuMemoryGb(),
                entry.state() == LifecycleState.APPROVED, null, null, null, facts.trainingData(), facts.ipIndemnity());
        return new Template(base,
                facts.apiPrice() == null ? null : facts.apiPrice().usdPerMillionInput(),
                facts.apiPrice() == null ? null : facts.apiPrice().usdPerMillionOutput(),
                footprint == null ? null : footprint.monthlyUsd());
    }

    /**
     * Writes the template's measurements for one use case at position i.
     *
     * @param evaluation the entry's result on the use case's suite, null when not evaluated (quality unknown)
     * @param workload   null when the use case gave none (cost then unknown)
     */
    public static void measure(Template template, Evaluation evaluation, Workload workload, Measurements into, int i) {
        if (evaluation != null) {
            into.quality()[i] = evaluation.value();
            into.p95LatencyMs()[i] = evaluation.p95LatencyMs() == null ? Double.NaN : evaluation.p95LatencyMs();
        }
        if (workload != null) {
            if (template.usdPerMillionInput() != null) {
                into.costPer1000Requests()[i] = TcoEstimator.api(workload, template.usdPerMillionInput(),
                        template.usdPerMillionOutput()).usdPer1000Requests();
            } else if (template.monthlyUsd() != null) {
                into.costPer1000Requests()[i] = template.monthlyUsd() / (workload.requestsPerMonth() / 1000.0);
            }
        }
    }
}
